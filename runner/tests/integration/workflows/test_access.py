"""Bad input, duplicated orders, roles and project deletion."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest

from flowloom.runner.infrastructure.messaging.protobuf.runner.v1 import runner_events_pb2
from flowloom.servicekit import testing

from .builders import deployment, manual
from .conftest import Session
from .flows import admin_headers, chain, token_in

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def test_answers_problem_when_run_input_is_invalid(
    session: Session, envs: dict[str, Path]
) -> None:
    workflow_id, order = deployment(session.project_id, manual(text="string"), chain(envs))
    await session.deploy(order, workflow_id)
    missing = await session.post(f"/api/runner/workflows/{workflow_id}/runs", json={"inputs": {}})
    malformed = await session.post(
        f"/api/runner/workflows/{workflow_id}/runs",
        content=b"{nope",
        headers={"content-type": "application/json"},
    )
    unknown = await session.post("/api/runner/workflows/nope/runs", json={"inputs": {}})
    no_wait = await session.post(
        f"/api/runner/workflows/{workflow_id}/runs",
        params={"wait": "0"},
        json={"inputs": {"text": "x"}},
    )
    assert no_wait.status_code == 422
    assert no_wait.json()["errors"][0]["field"].endswith("wait")
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "outputs.text"
    assert malformed.status_code == 422
    assert unknown.status_code == 404
    anonymous = await session.platform.request("GET", "/api/runner/runs")
    assert anonymous.status_code == 401
    await asyncio.sleep(0)


async def test_deploys_once_when_order_is_delivered_twice(
    session: Session, envs: dict[str, Path]
) -> None:
    workflow_id, order = deployment(session.project_id, manual(text="string"), chain(envs))
    await session.platform.publish(order)
    await session.deploy(order, workflow_id)
    await asyncio.sleep(1)  # give the duplicate every chance to be (wrongly) applied
    deployed = [
        e for e in session.deployment_events
        if e[0] == workflow_id and e[1] == runner_events_pb2.DEPLOYMENT_STATE_DEPLOYED
    ]  # fmt: skip
    assert len(deployed) == 1
    listing = (await session.get("/api/runner/deployments")).json()
    assert [d["workflow_id"] for d in listing].count(workflow_id) == 1


async def test_lets_viewer_read_but_not_start_or_cancel(
    session: Session, envs: dict[str, Path]
) -> None:
    admin = await admin_headers(session)
    name = f"viewer-{uuid.uuid4().hex[:6]}"
    await session.platform.request(
        "POST", "/api/authorization/users",
        json={"username": name, "password": "viewer password"}, headers=admin,
    )  # fmt: skip
    await session.platform.request(
        "POST", f"/api/authorization/projects/{session.project_id}/members",
        json={"username": name, "role": "viewer"}, headers=admin,
    )  # fmt: skip
    login = await session.platform.request(
        "POST", "/api/authorization/login", json={"username": name, "password": "viewer password"}
    )
    viewer = {"Authorization": f"Bearer {login.json()['access_token']}"}
    workflow_id, order = deployment(session.project_id, manual(text="string"), chain(envs))
    await session.deploy(order, workflow_id)
    run_id = await session.start(workflow_id, text="seen by a viewer")

    async def request(method: str, path: str, **kwargs: object) -> int:
        answer = await session.platform.request(method, path, headers=viewer, **kwargs)
        return answer.status_code

    assert await request("GET", f"/api/runner/runs/{run_id}") == 200
    assert await request("GET", "/api/runner/deployments") == 200
    started = await request(
        "POST", f"/api/runner/workflows/{workflow_id}/runs", json={"inputs": {"text": "x"}}
    )
    assert started == 403
    assert await request("POST", f"/api/runner/runs/{run_id}/cancel") == 403


async def test_forgets_project_workflows_when_project_is_deleted(
    session: Session, envs: dict[str, Path]
) -> None:
    admin = await admin_headers(session)
    created = await session.platform.request(
        "POST", "/api/authorization/projects", json={"name": f"doomed-{uuid.uuid4().hex[:6]}"},
        headers=admin,
    )  # fmt: skip
    doomed = Session(
        session.platform,
        created.json()["id"],
        await token_in(session, admin, created.json()["id"]),
        session.deployment_events,
    )
    workflow_id, order = deployment(doomed.project_id, manual(text="string"), chain(envs))
    hook = (await doomed.deploy(order, workflow_id))["webhook_path"]
    first = await session.platform.request("POST", hook, json={"text": "before"})
    assert first.status_code == 202
    await doomed.finished(first.json()["run_id"])
    deleted = await session.platform.request(
        "DELETE", f"/api/authorization/projects/{doomed.project_id}", headers=admin
    )
    assert deleted.status_code == 204

    async def hook_gone() -> bool:
        answer = await session.platform.request("POST", hook, json={"text": "after"})
        return answer.status_code == 404

    await testing.eventually(hook_gone, within=30, step=0.2)
    other = await session.get(f"/api/runner/runs/{first.json()['run_id']}")
    assert other.status_code == 404
