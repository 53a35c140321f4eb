"""What the platform benchmarks share: built actions, the two platforms, deploy and run helpers.

A benchmark deploys the way the studio does (a `WorkflowDeploymentRequested` message on the
bus) and runs through the runner's HTTP API, like a user.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import shutil
import subprocess
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import context

from flowloom.adm.seaweed import SeaweedServer
from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.servicekit.messaging import Envelope
from flowloom.testkit import testing
from flowloom.testkit.harness import DistributedPlatform, EmbeddedPlatform, Platform

ROOT = Path(__file__).resolve().parent.parent
MODES = ("embedded", "distributed")
METADATA = """\
apiVersion: "ryax.tech/v2.0"
kind: Processor
spec:
  id: {action_id}
  human_name: Bench {action_id}
  type: python3
  version: "1.0"
  inputs: [{{name: x, human_name: x, help: x, type: {inputs}, optional: true}}]
  outputs: [{{name: x, human_name: x, help: x, type: {outputs}, optional: true}}]
"""
NOOP_METADATA = METADATA.format(action_id="noop", inputs="integer", outputs="integer")
NOOP_HANDLER = "def handle(inputs):\n    return {'x': inputs.get('x')}\n"


def action_environment(root: Path, metadata: str, handler: str, venv: Path | None = None) -> Path:
    """`root/venv` (Python with the action wrapper) and `root/action`: what the runner starts.

    With `venv`, the new action links that environment instead of installing its own."""
    root.mkdir(parents=True, exist_ok=True)
    if venv is not None:
        (root / "venv").symlink_to(venv)
    else:
        uv = shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
        subprocess.run([uv, "venv", "-q", str(root / "venv")], check=True)  # noqa: S603
        subprocess.run(  # noqa: S603
            [uv, "pip", "install", "-q", "--python", str(root / "venv" / "bin" / "python"),
             str(ROOT / "action-wrapper")],
            check=True,
        )  # fmt: skip
    (root / "action").mkdir()
    (root / "action" / "ryax_metadata.yaml").write_text(metadata)
    (root / "action" / "ryax_handler.py").write_text(handler)
    return root


def noop_action(root: Path) -> Path:
    return action_environment(root, NOOP_METADATA, NOOP_HANDLER)


def artefact(
    action_id: str, env: Path, inputs: str = "integer", outputs: str | None = None
) -> pb.ActionArtefact:
    """A processor with one input and one output, both named `x`, of these types."""
    return pb.ActionArtefact(
        action_id=action_id, version="1.0", kind="Processor", artefact=f"file://{env}",
        inputs=[pb.IoSpec(name="x", type=f"IO_TYPE_{inputs.upper()}", optional=True)],
        outputs=[pb.IoSpec(name="x", type=f"IO_TYPE_{(outputs or inputs).upper()}",
                           optional=True)],
    )  # fmt: skip


def chain_version(
    actions: list[pb.ActionArtefact], trigger_io: str = "integer"
) -> pb.WorkflowVersion:
    """A manual trigger then one step per action, each fed the previous one's `x`."""
    steps = []
    for i, action in enumerate(actions):
        source = pb.Reference(node=f"s{i - 1}" if i else "trigger", output="x")
        steps.append(pb.Step(id=f"s{i}", action=action,
                             inputs=[pb.Binding(input="x", ref=source)]))  # fmt: skip
    spec = pb.IoSpec(name="x", type=f"IO_TYPE_{trigger_io.upper()}", optional=True)
    return pb.WorkflowVersion(
        workflow_id=str(uuid.uuid4()), workflow_version_id=str(uuid.uuid4()), name="bench",
        number=1, trigger=pb.Trigger(manual=pb.ManualTrigger(outputs=[spec])), steps=steps,
    )  # fmt: skip


def deployment_order(project_id: str, version: pb.WorkflowVersion) -> Envelope:
    """The message the studio publishes to deploy `version`."""
    message = pb.WorkflowDeploymentRequested(
        event_id=str(uuid.uuid4()), project_id=project_id, version=version
    )
    return Envelope("studio.events", "workflow.deployment_requested",
                    message.DESCRIPTOR.full_name, message.SerializeToString(),
                    message_id=message.event_id)  # fmt: skip


@dataclass
class Session:
    """A project on a platform, with an owner's token: deploys and runs workflows."""

    platform: Platform
    project_id: str
    headers: dict[str, str]

    @classmethod
    async def open(cls, platform: Platform, name: str = "bench") -> Session:
        project_id, token = await platform.project_token(name)
        return cls(platform, project_id, {"Authorization": f"Bearer {token}"})

    async def get(self, path: str, **params: Any) -> Any:
        answer = await self.platform.request("GET", path, params=params, headers=self.headers)
        answer.raise_for_status()
        return answer.json()

    async def deploy(self, version: pb.WorkflowVersion, within: float = 60) -> None:
        """Publish the deployment order and wait until the runner says Deployed."""
        await self.platform.publish(deployment_order(self.project_id, version))
        path = f"/api/runner/deployments/{version.workflow_id}"

        async def deployed() -> bool:
            answer = await self.platform.request("GET", path, headers=self.headers)
            return answer.status_code == 200 and answer.json()["state"] == "Deployed"

        await testing.eventually(deployed, within=within, step=0.05)

    async def start_run(self, workflow_id: str, inputs: dict[str, Any] | None = None) -> str:
        answer = await self.platform.request(
            "POST", f"/api/runner/workflows/{workflow_id}/runs",
            json={"inputs": inputs or {}}, headers=self.headers,
        )  # fmt: skip
        answer.raise_for_status()
        return str(answer.json()["run_id"])

    async def wait_run(self, run_id: str, within: float = 300, step: float = 0.1) -> dict[str, Any]:
        """The run once it has ended (polled every `step` seconds with the one HTTP client)."""
        run: dict[str, Any] = {}

        async def ended() -> bool:
            run.update(await self.get(f"/api/runner/runs/{run_id}"))
            return run["state"] != "Running"

        await testing.eventually(ended, within=within, step=step)
        return run

    async def run(self, workflow_id: str, inputs: dict[str, Any] | None = None) -> dict[str, Any]:
        """Start a run, wait for its end, fail unless it Completed."""
        run = await self.wait_run(await self.start_run(workflow_id, inputs))
        assert run["state"] == "Completed", run.get("error")
        return run

    async def runs(self, workflow_id: str, **filters: Any) -> list[dict[str, Any]]:
        """Every run of the workflow (summaries), through all the pages of the list."""
        found: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            params = {"workflow_id": workflow_id, "limit": 500, **filters}
            page = await self.get(
                "/api/runner/runs", **params, **({"cursor": cursor} if cursor else {})
            )
            found += page["items"]
            cursor = page["next_cursor"]
            if not cursor:
                return found


@contextlib.asynccontextmanager
async def started(mode: str, root: Path) -> AsyncIterator[Platform]:
    """The platform of `mode` started with its data under `root`, stopped on exit."""
    seaweed: SeaweedServer | None = None
    platform: Platform
    try:
        if mode == "embedded":
            platform = EmbeddedPlatform(root / "embedded")
        else:
            seaweed = SeaweedServer(root / "s3")
            s3 = await asyncio.to_thread(seaweed.start)
            platform = DistributedPlatform(root / "distributed", s3)
        try:
            await platform.start()
            yield platform
        finally:
            # Also after a failed start: what did start must not outlive the benchmark.
            with contextlib.suppress(Exception):
                await platform.stop()
    finally:
        if seaweed is not None:
            await asyncio.to_thread(seaweed.stop)


def arguments(description: str | None) -> tuple[argparse.Namespace, tuple[str, ...]]:
    """`--short` and `--mode` as every benchmark takes them; the modes to run."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--short", action="store_true", help="a quick run for CI")
    parser.add_argument("--mode", choices=MODES, help="one mode only")
    args = parser.parse_args()
    return args, (args.mode,) if args.mode else MODES


Measure = Callable[[Platform], Coroutine[Any, Any, dict[str, Any]]]


async def each_mode(bench: str, modes: tuple[str, ...], root: Path, measure: Measure) -> None:
    """Start each platform in turn, measure, print the figures as one JSON line."""
    for mode in modes:
        async with started(mode, root / mode) as platform:
            figures = {"bench": bench, "mode": mode, **await measure(platform), **context()}
        print(json.dumps(figures), flush=True)
