"""Bad input, duplicated orders, roles and project deletion."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest

from flowloom.runner.infrastructure.messaging.protobuf.runner.v1 import runner_events_pb2
from flowloom.testkit import testing

from .builders import deployment, manual
from .conftest import Session
from .flows import admin_headers, chain, deployed, new_project

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def test_answers_problem_when_run_input_is_invalid(
    session: Session, envs: dict[str, Path]
) -> None:
    workflow_id = await deployed(session, manual(text="string"), chain(envs))
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
    assert (missing.json()["title"], missing.json()["detail"]) == (
        "Invalid run inputs",
        "input 'text' is required",
    )
    assert missing.json()["errors"] == [
        {"field": "inputs.text", "message": "input 'text' is required"}
    ]
    typo = await session.post(
        f"/api/runner/workflows/{workflow_id}/runs", json={"inputs": {"text": "x", "txet": "y"}}
    )
    assert typo.status_code == 422
    assert typo.json()["detail"] == "unknown input 'txet' (the workflow's inputs: text)"
    assert malformed.status_code == 422
    assert unknown.status_code == 409
    assert unknown.json()["detail"] == "workflow nope is not deployed: deploy it to start runs"
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
    workflow_id = await deployed(session, manual(text="string"), chain(envs))
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
    doomed = await new_project(session, admin, "doomed")
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


async def test_answers_not_found_before_streaming_when_the_log_is_not_the_callers(
    session: Session, envs: dict[str, Path]
) -> None:
    admin = await admin_headers(session)
    other = await new_project(session, admin, "other")
    workflow_id, order = deployment(other.project_id, manual(text="string"), chain(envs))
    await other.deploy(order, workflow_id)
    theirs = await other.finished(await other.start(workflow_id, text="not yours"))
    execution = theirs["executions"][0]["id"]
    mine_id, mine_order = deployment(session.project_id, manual(text="string"), chain(envs))
    await session.deploy(mine_order, mine_id)
    mine = await session.finished(await session.start(mine_id, text="mine"))

    def stream(run_id: str, execution_id: str) -> str:
        return f"/api/runner/runs/{run_id}/executions/{execution_id}/logs/stream"

    for path in [
        stream(theirs["id"], execution),  # another project's run
        stream(str(uuid.uuid4()), execution),  # no such run
        stream(mine["id"], execution),  # an execution that is not the run's
    ]:
        answer = await session.get(path, timeout=10)
        assert answer.status_code == 404, (path, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["status"] == 404
    own = await session.get(stream(mine["id"], mine["executions"][0]["id"]), timeout=10)
    assert own.status_code == 200
    assert "event: end" in own.text


async def test_refuses_member_token_when_member_is_removed_from_project(session: Session) -> None:
    """Authorization's `tokens.revoked` reaches the runner: the token dies within 5 s."""
    admin = await admin_headers(session)
    platform = session.platform
    username, password = f"op-{uuid.uuid4().hex[:8]}", "correct horse battery"
    user = await platform.request(
        "POST", "/api/authorization/users", headers=admin,
        json={"username": username, "password": password},
    )  # fmt: skip
    assert user.status_code == 201, user.text
    members = f"/api/authorization/projects/{session.project_id}/members"
    added = await platform.request(
        "POST", members, headers=admin, json={"username": username, "role": "operator"}
    )
    assert added.status_code == 201, added.text
    login = await platform.request(
        "POST", "/api/authorization/login",
        json={"username": username, "password": password, "project_id": session.project_id},
    )  # fmt: skip
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    assert (await platform.request("GET", "/api/runner/runs", headers=headers)).status_code == 200

    removed = await platform.request("DELETE", f"{members}/{user.json()['id']}", headers=admin)
    assert removed.status_code == 204

    async def refused() -> bool:
        response = await platform.request("GET", "/api/runner/runs", headers=headers)
        return response.status_code == 401

    await testing.eventually(refused, within=5, step=0.05)
