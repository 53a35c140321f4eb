"""Many concurrent runs of a 2-step no-op workflow: step executions/s, latency, a soak, losses.

The load comes from `load.py` in its own process (the embedded platform runs in this one):
CONCURRENCY workers each start a run with `?wait=` and start the next as soon as the answer
says it ended, so CONCURRENCY runs are in flight all the time, without polling. A warm-up
(the wrappers start there: cold starts are not counted), then the soak. Run latency is the
runner's own created-to-ended time. Throughput counts the runs that ended inside the soak,
times 2 steps, per second; `runs_in_flight_mean` is their summed latency over the soak
(Little's law). The soak's runs are split by start time into slices (60 s; 5 s with
--short): the first and last slices' latencies show any growth. After the soak, once no run
is Running (at most DRAIN_S), every run is listed through the API: runs_lost = runs started
- runs Completed.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common import percentile
from platforms import Session, arguments, artefact, chain_version, each_mode, noop_action

from flowloom.testkit.harness import Platform

CONCURRENCY = 16
DRAIN_S = 120
LOAD = Path(__file__).with_name("load.py")


async def load(session: Session, workflow_id: str, seconds: float) -> dict[str, list[str]]:
    """Run `load.py` against the workflow for `seconds`: what it started, what it saw."""
    token = session.headers["Authorization"].removeprefix("Bearer ")
    url = session.platform.base_url("/api/runner")
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(LOAD), url, workflow_id,
        "--concurrency", str(CONCURRENCY), "--seconds", str(seconds),
        env={**os.environ, "FLOWLOOM_TOKEN": token}, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, _ = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"load.py exited with {process.returncode}")
    found: dict[str, list[str]] = json.loads(out)
    return found


async def drain(session: Session, workflow_id: str) -> float:
    """Seconds until no run of the workflow is Running (at most DRAIN_S)."""
    started = time.monotonic()
    while time.monotonic() - started < DRAIN_S:
        if not await session.runs(workflow_id, state="Running"):
            break
        await asyncio.sleep(0.2)
    return time.monotonic() - started


def at(run: dict[str, Any], key: str) -> datetime:
    return datetime.fromisoformat(run[key])


def latencies_ms(runs: list[dict[str, Any]]) -> list[float]:
    return [(at(run, "ended_at") - at(run, "created_at")).total_seconds() * 1000 for run in runs]


def slice_figures(
    runs: list[dict[str, Any]], start: datetime, slice_s: float, count: int
) -> dict[str, Any]:
    """p50 and p95 latency of the runs started in each slice of the soak."""
    slices: list[list[dict[str, Any]]] = [[] for _ in range(count)]
    for run in runs:
        index = int((at(run, "created_at") - start).total_seconds() // slice_s)
        if 0 <= index < count:
            slices[index].append(run)
    p50 = [round(percentile(latencies_ms(s), 0.5), 1) if s else None for s in slices]
    p95 = [round(percentile(latencies_ms(s), 0.95), 1) if s else None for s in slices]
    first, last = p50[0], p50[-1]
    return {
        "slice_s": slice_s,
        "runs_by_slice": [len(s) for s in slices],
        "run_latency_ms_p50_by_slice": p50,
        "run_latency_ms_p95_by_slice": p95,
        "run_latency_p50_last_over_first_slice": round(last / first, 2) if first and last else None,
    }


async def measure(
    platform: Platform, env: Path, warmup_s: float, soak_s: float, slice_s: float
) -> dict[str, Any]:
    session = await Session.open(platform)
    version = chain_version([artefact("noop", env)] * 2)
    await session.deploy(version)
    workflow_id = version.workflow_id
    warmup = await load(session, workflow_id, warmup_s)
    soak_start = datetime.now(UTC)
    soak = await load(session, workflow_id, soak_s)
    soak_end = datetime.now(UTC)
    drain_s = await drain(session, workflow_id)
    started = warmup["started"] + soak["started"]
    runs = await session.runs(workflow_id)
    completed = [run for run in runs if run["state"] == "Completed"]
    in_soak = [run for run in completed if soak_start <= at(run, "created_at") < soak_end]
    ended_in_soak = [run for run in completed if soak_start <= at(run, "ended_at") < soak_end]
    latencies = latencies_ms(in_soak)
    seconds = (soak_end - soak_start).total_seconds()
    slices = max(1, round(soak_s / slice_s))
    return {
        "steps": 2,
        "concurrent_runs": CONCURRENCY,
        "runs_in_flight_mean": round(sum(latencies) / 1000 / seconds, 1),
        "soak_s": round(seconds, 1),
        "step_executions_per_s": round(2 * len(ended_in_soak) / seconds, 1),
        "runs_per_s": round(len(ended_in_soak) / seconds, 1),
        "run_latency_ms_p50": round(percentile(latencies, 0.5), 1),
        "run_latency_ms_p95": round(percentile(latencies, 0.95), 1),
        **slice_figures(in_soak, soak_start, slice_s, slices),
        "runs_started": len(started),
        "runs_completed": len(completed),
        "runs_error": sum(run["state"] == "Error" for run in runs),
        "runs_lost": len(set(started)) - len(completed),
        "starts_refused": len(warmup["failed"]) + len(soak["failed"]),
        "answers_still_running": len(warmup["still_running"]) + len(soak["still_running"]),
        "drain_s": round(drain_s, 1),
    }


async def main(short: bool, modes: tuple[str, ...]) -> None:
    warmup_s, soak_s, slice_s = (3, 20, 5) if short else (10, 300, 60)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = noop_action(root / "noop")
        await each_mode(
            "throughput", modes, root,
            lambda platform: measure(platform, env, warmup_s, soak_s, slice_s),
        )  # fmt: skip


if __name__ == "__main__":
    args, modes = arguments(__doc__)
    asyncio.run(main(args.short, modes))
