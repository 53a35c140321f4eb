"""Many concurrent runs of a 2-step no-op workflow: step executions/s, latency, a soak, losses.

A closed loop keeps CONCURRENCY runs in flight (a run is started as soon as one ends; ends are
seen by listing the workflow's Running runs every TICK_S) for a warm-up, then for the soak.
Run latency is the runner's own created-to-ended time. Throughput counts the runs that ended
inside the soak, times 2 steps, per second. The soak's runs are split by start time into
slices (60 s; 5 s with --short): the first and last slices' latencies show any growth. After
the soak nothing more is started; once no run is Running (at most DRAIN_S), every run is
listed through the API: runs_lost = runs started - runs Completed.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common import percentile
from platforms import Session, arguments, artefact, chain_version, each_mode, noop_action

from flowloom.adm.harness import Platform

CONCURRENCY = 16
TICK_S = 0.05
DRAIN_S = 120


class ClosedLoop:
    """Keeps `concurrency` runs of one workflow in flight."""

    def __init__(self, session: Session, workflow_id: str, concurrency: int) -> None:
        self.session = session
        self.workflow_id = workflow_id
        self.concurrency = concurrency
        self.started: list[str] = []
        self.pending: set[str] = set()
        self.in_flight: list[int] = []  # runs seen Running at each tick

    async def drive(self, seconds: float, top_up: bool = True) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and (top_up or self.pending):
            missing = self.concurrency - len(self.pending) if top_up else 0
            if missing > 0:
                ids = await asyncio.gather(
                    *(self.session.start_run(self.workflow_id, {"x": 1}) for _ in range(missing))
                )
                self.started += ids
                self.pending.update(ids)
            await asyncio.sleep(TICK_S)
            running = await self.session.runs(self.workflow_id, state="Running")
            self.pending &= {run["id"] for run in running}
            self.in_flight.append(len(running))


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
    loop = ClosedLoop(session, workflow_id, CONCURRENCY)
    await loop.drive(warmup_s)  # the wrappers start (cold starts) here: not counted
    soak_start = datetime.now(UTC)
    loop.in_flight.clear()
    await loop.drive(soak_s)
    in_flight = statistics.fmean(loop.in_flight)
    soak_end = datetime.now(UTC)
    drain_started = time.monotonic()
    await loop.drive(DRAIN_S, top_up=False)
    drain_s = time.monotonic() - drain_started
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
        "runs_in_flight_mean": round(in_flight, 1),
        "soak_s": round(seconds, 1),
        "step_executions_per_s": round(2 * len(ended_in_soak) / seconds, 1),
        "runs_per_s": round(len(ended_in_soak) / seconds, 1),
        "run_latency_ms_p50": round(percentile(latencies, 0.5), 1),
        "run_latency_ms_p95": round(percentile(latencies, 0.95), 1),
        **slice_figures(in_soak, soak_start, slice_s, slices),
        "runs_started": len(loop.started),
        "runs_completed": len(completed),
        "runs_error": sum(run["state"] == "Error" for run in runs),
        "runs_lost": len(loop.started) - len(completed),
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
