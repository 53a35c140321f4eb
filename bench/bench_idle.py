"""`flowloom-adm up` from cold: time until every service is healthy, then memory after idling.

The real command as a subprocess (embedded defaults, a fresh temp data dir, a free port).
Ready = every `GET /api/<service>/healthz` answers 200 (authorization's time given apart).
After IDLE_S seconds idle, the resident memory of the whole process tree (the adm process,
`weed` and anything else it started) is summed: RSS (shared pages counted in each process,
the usual upper figure) and PSS (shared pages split, what the tree really holds). Embedded
only: a distributed installation's readiness is its orchestrator's business.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from common import context
from platforms import arguments

from flowloom.testkit.testing import free_port

SERVICES = ("authorization", "repository", "action-builder", "studio", "runner")
IDLE_S = 10
READY_WITHIN_S = 120


def adm_command() -> str:
    beside = Path(sys.executable).parent / "flowloom-adm"
    found = str(beside) if beside.exists() else shutil.which("flowloom-adm")
    assert found, "flowloom-adm is not installed"
    return found


def tree(root: int) -> list[int]:
    """`root` and every process descending from it (read from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found = [root]
    for pid in found:
        found += [child for child, parent in parents.items() if parent == pid]
    return found


def memory_kib(pid: int) -> dict[str, int]:
    """Rss and Pss of one process, in KiB (0 when it is gone)."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return {"Rss": 0, "Pss": 0}
    fields = {line.split(":")[0]: line.split()[1] for line in lines[1:]}
    return {"Rss": int(fields.get("Rss", 0)), "Pss": int(fields.get("Pss", 0))}


def process_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


async def ready(client: httpx.AsyncClient, origin: str, started: float) -> dict[str, float]:
    """Seconds from launch until each service's healthz first answered 200."""
    times: dict[str, float] = {}
    deadline = started + READY_WITHIN_S
    while len(times) < len(SERVICES) and time.monotonic() < deadline:
        for service in SERVICES:
            if service in times:
                continue
            try:
                answer = await client.get(f"{origin}/api/{service}/healthz")
            except httpx.HTTPError:
                break  # not listening yet
            if answer.status_code == 200:
                times[service] = time.monotonic() - started
        await asyncio.sleep(0.05)
    assert len(times) == len(SERVICES), f"not ready within {READY_WITHIN_S} s: {times}"
    return times


@dataclass(frozen=True)
class Start:
    ready_s: float
    authorization_ready_s: float
    rss_mb: float
    pss_mb: float
    rss_mb_by_process: dict[str, float]
    processes: int


async def one_start(data_dir: Path) -> Start:
    port = free_port()
    log = (data_dir.parent / f"{data_dir.name}.log").open("wb")
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        adm_command(), "up", "--data-dir", str(data_dir), "--port", str(port),
        "--log-level", "warning", stdout=log, stderr=log,
    )  # fmt: skip
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            times = await ready(client, f"http://127.0.0.1:{port}", started)
        await asyncio.sleep(IDLE_S)
        memory = {pid: memory_kib(pid) for pid in tree(process.pid)}
        names = {pid: process_name(pid) for pid in memory}
    finally:
        process.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()
        log.close()
    by_name: dict[str, float] = {}
    for pid, used in memory.items():
        name = names[pid] if pid != process.pid else "flowloom-adm"
        by_name[name] = round(by_name.get(name, 0) + used["Rss"] / 1024, 1)
    return Start(
        ready_s=max(times.values()),
        authorization_ready_s=times["authorization"],
        rss_mb=sum(m["Rss"] for m in memory.values()) / 1024,
        pss_mb=sum(m["Pss"] for m in memory.values()) / 1024,
        rss_mb_by_process=by_name,
        processes=len(memory),
    )


async def main(starts: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        results = [await one_start(Path(tmp) / f"data{i}") for i in range(starts)]
    median = statistics.median
    figures = {
        "bench": "idle",
        "mode": "embedded",
        "starts": starts,
        "idle_s": IDLE_S,
        "ready_s_p50": round(median(r.ready_s for r in results), 2),
        "ready_s_each": [round(r.ready_s, 2) for r in results],
        "authorization_ready_s_p50": round(median(r.authorization_ready_s for r in results), 2),
        "idle_rss_mb_p50": round(median(r.rss_mb for r in results), 1),
        "idle_pss_mb_p50": round(median(r.pss_mb for r in results), 1),
        "idle_rss_mb_by_process": results[-1].rss_mb_by_process,
        "processes": results[-1].processes,
        **context(),
    }
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    args, modes = arguments(__doc__)
    if "embedded" not in modes:
        print("bench_idle: embedded only (adm up); nothing to do for distributed", file=sys.stderr)
        sys.exit(0)
    asyncio.run(main(1 if args.short else 3))
