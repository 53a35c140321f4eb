"""What a 10 MB file adds per hop: a chain passing a file from step to step vs a small value.

Two chains of 1 + HOPS steps behind a manual trigger. File chain: `make` writes SIZE random
bytes and returns the file (the wrapper uploads it, and keeps a copy in the host's file
cache); each following `pass` step receives it (the wrapper stages it from that cache, or from
the object store through a presigned URL) and returns it unchanged (the wrapper answers
`same_as_input`: no upload). Value chain: the same with an integer. A hop is measured on the
runner's own timestamps, from the end of the first step to the end of the last, divided by
HOPS, so the file's creation is outside it. Added per hop = file chain's p50 - value chain's
p50. What producing a new file costs is `make_step_extra_ms_p50`: the `make` step's time
inside its execution minus a value step's.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from common import percentile
from platforms import (
    METADATA,
    NOOP_HANDLER,
    Session,
    action_environment,
    arguments,
    artefact,
    chain_version,
    each_mode,
    noop_action,
)

from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.testkit.harness import Platform

SIZE = 10 * 2**20
HOPS = 5
MAKE_HANDLER = """\
import os


def handle(inputs):
    with open("blob.bin", "wb") as file:
        file.write(os.urandom(inputs["x"]))
    return {"x": "blob.bin"}
"""


def hop_ms(run: dict[str, Any]) -> tuple[float, float, float]:
    """A hop, the part of it inside the executions (wrapper, transfers, gRPC), and the first
    step's time inside its execution, in ms."""
    at = datetime.fromisoformat
    ends = {e["step_id"]: at(e["ended_at"]) for e in run["executions"]}
    inside = {
        e["step_id"]: (at(e["ended_at"]) - at(e["started_at"])).total_seconds() * 1000
        for e in run["executions"]
    }
    hop = (ends[f"s{HOPS}"] - ends["s0"]).total_seconds() * 1000 / HOPS
    return hop, sum(ms for step, ms in inside.items() if step != "s0") / HOPS, inside["s0"]


async def hops(
    session: Session, version: pb.WorkflowVersion, runs: int
) -> list[tuple[float, float, float]]:
    await session.deploy(version)
    await session.run(version.workflow_id, {"x": SIZE})  # cold starts, first PUT: not counted
    return [hop_ms(await session.run(version.workflow_id, {"x": SIZE})) for _ in range(runs)]


async def measure(platform: Platform, envs: dict[str, Path], runs: int) -> dict[str, Any]:
    session = await Session.open(platform)
    noop = artefact("noop", envs["noop"])
    passing = artefact("pass", envs["pass"], "file")
    files = chain_version([artefact("make", envs["make"], "integer", "file")] + [passing] * HOPS)
    values = chain_version([noop] * (1 + HOPS))
    value_hops = await hops(session, values, runs)
    file_hops = await hops(session, files, runs)
    value_p50 = percentile([hop for hop, _, _ in value_hops], 0.5)
    file_p50 = percentile([hop for hop, _, _ in file_hops], 0.5)
    value_inside_p50 = percentile([e for _, e, _ in value_hops], 0.5)
    make_inside_p50 = percentile([make for _, _, make in file_hops], 0.5)
    return {
        "file_mb": SIZE / 2**20,
        "hops": HOPS,
        "runs": runs,
        "value_hop_ms_p50": round(value_p50, 1),
        "file_hop_ms_p50": round(file_p50, 1),
        "file_hop_ms_p95": round(percentile([hop for hop, _, _ in file_hops], 0.95), 1),
        "value_hop_in_execution_ms_p50": round(value_inside_p50, 1),
        "file_hop_in_execution_ms_p50": round(percentile([e for _, e, _ in file_hops], 0.5), 1),
        "file_added_ms_per_hop_p50": round(file_p50 - value_p50, 1),
        # Producing a new file: `make` (10 MB from os.urandom, written, uploaded) against a
        # value step, both inside their executions.
        "make_step_in_execution_ms_p50": round(make_inside_p50, 1),
        "make_step_extra_ms_p50": round(make_inside_p50 - value_inside_p50, 1),
    }


async def main(runs: int, modes: tuple[str, ...]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        noop = noop_action(root / "noop")
        venv = noop / "venv"
        make = METADATA.format(action_id="make", inputs="integer", outputs="file")
        passing = METADATA.format(action_id="pass", inputs="file", outputs="file")
        envs = {
            "noop": noop,
            "make": action_environment(root / "make", make, MAKE_HANDLER, venv),
            "pass": action_environment(root / "pass", passing, NOOP_HANDLER, venv),
        }
        await each_mode("file", modes, root, lambda platform: measure(platform, envs, runs))


if __name__ == "__main__":
    args, modes = arguments(__doc__)
    asyncio.run(main(3 if args.short else 10, modes))
