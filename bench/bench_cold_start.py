"""Cold start: the first execution of a freshly deployed processor, against a warm one.

Each round deploys a new one-step workflow (a no-op processor: a new deployment, so a new
pool and a new wrapper process), starts a run as soon as the runner says Deployed, then runs
it WARM_RUNS more times. On the runner's timestamps, a step's time is from the run's creation
to the step's end (so the wait for a wrapper counts, wherever the runner puts it). Cold start
= first run's step time - the warm runs' median. Also: from publishing the deployment order
to the end of the first step (what a user deploying then running sees, client polling included).
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from common import percentile
from platforms import Session, arguments, artefact, chain_version, each_mode, noop_action

from flowloom.testkit.harness import Platform

WARM_RUNS = 3


def step_ms(run: dict[str, Any]) -> float:
    """Run created to its first step ended, in ms."""
    ended = datetime.fromisoformat(run["executions"][0]["ended_at"])
    return (ended - datetime.fromisoformat(run["created_at"])).total_seconds() * 1000


async def one_round(session: Session, env: Path) -> tuple[float, float, float]:
    """First step ms, warm step ms (median), publish-to-first-step-ended ms."""
    version = chain_version([artefact("noop", env)])
    published = datetime.now(UTC)
    await session.deploy(version)
    first = await session.run(version.workflow_id, {"x": 0})
    warm = [step_ms(await session.run(version.workflow_id, {"x": 0})) for _ in range(WARM_RUNS)]
    ended = datetime.fromisoformat(first["executions"][0]["ended_at"])
    return step_ms(first), statistics.median(warm), (ended - published).total_seconds() * 1000


async def measure(platform: Platform, env: Path, rounds: int) -> dict[str, Any]:
    session = await Session.open(platform)
    await one_round(session, env)  # the first deployment also warms the runner: not counted
    results = [await one_round(session, env) for _ in range(rounds)]
    cold = [first - warm for first, warm, _ in results]
    return {
        "rounds": rounds,
        "cold_start_ms_p50": round(percentile(cold, 0.5), 1),
        "cold_start_ms_max": round(max(cold), 1),
        "first_step_ms_p50": round(percentile([r[0] for r in results], 0.5), 1),
        "warm_step_ms_p50": round(percentile([r[1] for r in results], 0.5), 1),
        "deploy_to_first_step_ended_ms_p50": round(percentile([r[2] for r in results], 0.5), 1),
    }


async def main(rounds: int, modes: tuple[str, ...]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = noop_action(root / "noop")
        await each_mode("cold_start", modes, root, lambda platform: measure(platform, env, rounds))


if __name__ == "__main__":
    args, modes = arguments(__doc__)
    asyncio.run(main(3 if args.short else 10, modes))
