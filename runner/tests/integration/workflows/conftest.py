"""Session fixtures: the fixture actions, the platform in each mode, a project and its token."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from flowloom.adm.seaweed import S3Endpoint
from flowloom.servicekit.messaging import Envelope, QueueBinding
from flowloom.testkit import testing
from flowloom.testkit.harness import (
    DistributedPlatform,
    EmbeddedPlatform,
    Platform,
    require_distributed,
)

from .actions import write_actions


@pytest.fixture(scope="session")
def envs(tmp_path_factory: pytest.TempPathFactory, wrapper_venv: Path) -> dict[str, Path]:
    return write_actions(tmp_path_factory.mktemp("actions"), wrapper_venv)


@dataclass
class Session:
    """A logged-in project member talking to the runner like a user would."""

    platform: Platform
    project_id: str
    token: str
    deployment_events: list[tuple[str, int, str]]

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    async def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return await self.platform.request("GET", path, headers=self.headers, **kwargs)

    async def post(self, path: str, headers: dict[str, str] | None = None, **kwargs: Any):
        headers = {**self.headers, **(headers or {})}
        return await self.platform.request("POST", path, headers=headers, **kwargs)

    async def deploy(self, envelope: Envelope, workflow_id: str, state: str = "Deployed") -> dict:
        await self.platform.publish(envelope)
        found: dict[str, Any] = {}
        version_id = _ordered_version(envelope)

        async def reached() -> bool:
            response = await self.get(f"/api/runner/deployments/{workflow_id}")
            found.update(response.json() if response.status_code == 200 else {})
            if version_id and found.get("workflow_version_id") != version_id:
                return False  # the order is not handled yet: the state is the old version's
            return found.get("state") in (state, "Error")

        await testing.eventually(reached, within=60, step=0.1)
        assert found["state"] == state, found["message"]
        return found

    async def start(self, workflow_id: str, **inputs: object) -> str:
        response = await self.post(
            f"/api/runner/workflows/{workflow_id}/runs", json={"inputs": inputs}
        )
        assert response.status_code == 201, response.text
        return str(response.json()["run_id"])

    async def finished(self, run_id: str, within: float = 60) -> dict:
        run: dict[str, Any] = {}

        async def ended() -> bool:
            run.update((await self.get(f"/api/runner/runs/{run_id}")).json())
            return run.get("state") not in (None, "Running")

        await testing.eventually(ended, within=within, step=0.1)
        return run

    async def logs(self, run: dict, step_id: str, attempt: int | None = None) -> list[str]:
        execution = next(e for e in run["executions"] if e["step_id"] == step_id)
        path = f"/api/runner/runs/{run['id']}/executions/{execution['id']}/logs"
        params = {} if attempt is None else {"attempt": attempt}
        response = await self.get(path, params=params)
        assert response.status_code == 200, response.text
        return [line["line"] for line in response.json()["items"]]

    async def file_text(self, run: dict, value: dict) -> str:
        response = await self.get(
            f"/api/runner/runs/{run['id']}/files", params={"key": value["value"]["key"]}
        )
        assert response.status_code == 307
        async with httpx.AsyncClient() as client:
            return (await client.get(response.headers["location"])).text


def _ordered_version(envelope: Envelope) -> str | None:
    """The workflow version a deployment order deploys (None for other orders)."""
    from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2

    if envelope.routing_key != "workflow.deployment_requested":
        return None
    return studio_events_pb2.WorkflowDeploymentRequested.FromString(
        envelope.body
    ).version.workflow_version_id


@pytest.fixture(scope="session", params=["embedded", "distributed"])
async def session(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, s3: S3Endpoint
) -> AsyncIterator[Session]:
    data_dir = tmp_path_factory.mktemp(request.param)
    platform: EmbeddedPlatform | DistributedPlatform
    if request.param == "embedded":
        platform = EmbeddedPlatform(data_dir)
    else:
        require_distributed()
        platform = DistributedPlatform(data_dir, s3)
    await platform.start()
    try:
        project_id, token = await platform.project_token("runner-tests")
        events: list[tuple[str, int, str]] = []
        await _record_deployment_changes(platform, events)
        yield Session(platform, project_id, token, events)
    finally:
        await platform.stop()


async def _record_deployment_changes(
    platform: Platform, events: list[tuple[str, int, str]]
) -> None:
    from flowloom.runner.infrastructure.messaging.protobuf.runner.v1 import runner_events_pb2

    async def record(envelope: Envelope) -> None:
        message = runner_events_pb2.WorkflowDeploymentChanged.FromString(envelope.body)
        events.append((message.workflow_id, message.state, message.message))

    queue = f"test-{uuid.uuid4().hex[:8]}.runner.workflow.deployment_changed"
    binding = QueueBinding(queue, "runner.events", ("workflow.deployment_changed",))
    await platform.bus.subscribe(binding, record)
