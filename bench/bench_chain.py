"""A chain of 40 no-op processor steps, run 20 times, in embedded and distributed mode.

Per-step overhead = (run time - handler time) / steps, where run time is the runner's own
created-to-ended timestamps and the handlers do nothing (their time is taken as zero), so the
figure is everything Flowloom adds per step: scheduling, persistence, gRPC, dispatch.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from common import context, percentile

from flowloom.adm.harness import DistributedPlatform, EmbeddedPlatform, Platform
from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.servicekit import testing
from flowloom.servicekit.messaging import Envelope
from flowloom.servicekit.seaweed import SeaweedServer

ROOT = Path(__file__).resolve().parent.parent
NOOP_METADATA = """\
apiVersion: "ryax.tech/v2.0"
kind: Processor
spec:
  id: noop
  human_name: No-op
  type: python3
  version: "1.0"
  inputs: [{name: x, human_name: x, help: x, type: integer, optional: true}]
  outputs: [{name: x, human_name: x, help: x, type: integer, optional: true}]
"""
NOOP_HANDLER = "def handle(inputs):\n    return {'x': inputs.get('x')}\n"


def noop_action(root: Path) -> Path:
    venv = root / "venv"
    uv = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    subprocess.run([uv, "venv", "-q", str(venv)], check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"),
         str(ROOT / "action-wrapper")],
        check=True,
    )  # fmt: skip
    (root / "action").mkdir()
    (root / "action" / "ryax_metadata.yaml").write_text(NOOP_METADATA)
    (root / "action" / "ryax_handler.py").write_text(NOOP_HANDLER)
    return root


def chain(project_id: str, env: Path, steps: int) -> tuple[str, Envelope]:
    spec = pb.IoSpec(name="x", type="integer", optional=True)
    action = pb.ActionArtefact(
        action_id="noop", version="1.0", kind="Processor", artefact=f"file://{env}",
        inputs=[spec], outputs=[spec],
    )  # fmt: skip
    built = []
    for i in range(steps):
        source = pb.Reference(node=f"s{i - 1}" if i else "trigger", output="x")
        built.append(pb.Step(id=f"s{i}", action=action,
                             inputs=[pb.Binding(input="x", ref=source)]))  # fmt: skip
    workflow_id = str(uuid.uuid4())
    version = pb.WorkflowVersion(
        workflow_id=workflow_id, workflow_version_id=str(uuid.uuid4()), name="chain", number=1,
        trigger=pb.Trigger(manual=pb.ManualTrigger(outputs=[spec])), steps=built,
    )  # fmt: skip
    message = pb.WorkflowDeploymentRequested(
        event_id=str(uuid.uuid4()), project_id=project_id, version=version
    )
    envelope = Envelope("studio.events", "workflow.deployment_requested",
                        message.DESCRIPTOR.full_name, message.SerializeToString(),
                        message_id=message.event_id)  # fmt: skip
    return workflow_id, envelope


async def measure(platform: Platform, env: Path, steps: int, runs: int) -> dict[str, Any]:
    project_id, token = await platform.project_token("bench")
    headers = {"Authorization": f"Bearer {token}"}
    workflow_id, order = chain(project_id, env, steps)
    await platform.publish(order)

    async def deployed() -> bool:
        answer = await platform.request(
            "GET", f"/api/runner/deployments/{workflow_id}", headers=headers
        )
        return answer.status_code == 200 and answer.json()["state"] == "Deployed"

    await testing.eventually(deployed, within=60, step=0.05)
    durations: list[float] = []
    started = time.perf_counter()
    for i in range(runs + 1):  # the first run pays the cold start: not counted
        answer = await platform.request(
            "POST", f"/api/runner/workflows/{workflow_id}/runs",
            json={"inputs": {"x": i}}, headers=headers,
        )  # fmt: skip
        run_id = answer.json()["run_id"]
        run: dict[str, Any] = {}

        async def ended(run_id: str = run_id, run: dict[str, Any] = run) -> bool:
            got = await platform.request("GET", f"/api/runner/runs/{run_id}", headers=headers)
            run.update(got.json())
            return run["state"] != "Running"

        await testing.eventually(ended, within=300, step=0.1)
        assert run["state"] == "Completed", run.get("error")
        if i == 0:
            started = time.perf_counter()
            continue
        took = datetime.fromisoformat(run["ended_at"]) - datetime.fromisoformat(run["created_at"])
        durations.append(took.total_seconds())
    elapsed = time.perf_counter() - started
    per_step = [d / steps * 1000 for d in durations]
    return {
        "bench": "chain",
        "mode": platform.mode,
        "steps": steps,
        "runs": runs,
        "per_step_overhead_ms_p50": round(percentile(per_step, 0.50), 2),
        "per_step_overhead_ms_p95": round(percentile(per_step, 0.95), 2),
        "per_step_overhead_ms_mean": round(statistics.fmean(per_step), 2),
        "runs_per_s": round(runs / elapsed, 3),
        **context(),
    }


async def main(steps: int, runs: int, modes: tuple[str, ...]) -> None:
    import json

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        env = noop_action(root / "noop")
        if "embedded" in modes:
            embedded = EmbeddedPlatform(root / "embedded")
            await embedded.start()
            try:
                print(json.dumps(await measure(embedded, env, steps, runs)), flush=True)
            finally:
                await embedded.stop()
        if "distributed" not in modes:
            return
        seaweed = SeaweedServer(root / "s3")
        distributed = DistributedPlatform(root / "distributed", seaweed.start())
        await distributed.start()
        try:
            print(json.dumps(await measure(distributed, env, steps, runs)), flush=True)
        finally:
            await distributed.stop()
            seaweed.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--short", action="store_true", help="a quick run for CI")
    parser.add_argument("--mode", choices=("embedded", "distributed"), help="one mode only")
    args = parser.parse_args()
    modes = (args.mode,) if args.mode else ("embedded", "distributed")
    asyncio.run(main(40, 5 if args.short else 20, modes))
