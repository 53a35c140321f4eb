"""A chain of 40 no-op processor steps, run 20 times, in embedded and distributed mode.

Per-step overhead = (run time - handler time) / steps, where run time is the runner's own
created-to-ended timestamps and the handlers do nothing (their time is taken as zero), so the
figure is everything Flowloom adds per step: scheduling, persistence, gRPC, dispatch.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from common import percentile
from platforms import Session, arguments, artefact, chain_version, each_mode, noop_action

from flowloom.testkit.harness import Platform


async def measure(platform: Platform, env: Path, steps: int, runs: int) -> dict[str, Any]:
    session = await Session.open(platform)
    version = chain_version([artefact("noop", env)] * steps)
    await session.deploy(version)
    await session.run(version.workflow_id, {"x": 0})  # pays the cold start: not counted
    durations: list[float] = []
    started = time.perf_counter()
    for i in range(runs):
        run = await session.run(version.workflow_id, {"x": i})
        took = datetime.fromisoformat(run["ended_at"]) - datetime.fromisoformat(run["created_at"])
        durations.append(took.total_seconds())
    elapsed = time.perf_counter() - started
    per_step = [d / steps * 1000 for d in durations]
    return {
        "steps": steps,
        "runs": runs,
        "per_step_overhead_ms_p50": round(percentile(per_step, 0.50), 2),
        "per_step_overhead_ms_p95": round(percentile(per_step, 0.95), 2),
        "per_step_overhead_ms_mean": round(statistics.fmean(per_step), 2),
        "runs_per_s": round(runs / elapsed, 3),
    }


async def main(steps: int, runs: int, modes: tuple[str, ...]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = noop_action(root / "noop")
        await each_mode("chain", modes, root, lambda platform: measure(platform, env, steps, runs))


if __name__ == "__main__":
    args, modes = arguments(__doc__)
    asyncio.run(main(40, 5 if args.short else 20, modes))
