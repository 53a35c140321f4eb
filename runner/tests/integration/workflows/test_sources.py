"""A source that ends, one that fails to start and one that crashes later (issue 17, item 3)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from flowloom.runner.infrastructure.messaging.protobuf.runner.v1 import runner_events_pb2
from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.servicekit.messaging import Envelope
from flowloom.testkit import testing

from .builders import artefact, deployment, ref, step, undeployment
from .conftest import Session

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def sourced(session: Session, source: str, envs: dict[str, Path]) -> tuple[str, Envelope]:
    """A workflow whose trigger is ``source``, writing the text it sends into a file."""
    trigger = pb.Trigger(action=pb.ActionTrigger(action=artefact(source, envs)))
    steps = [step("writer", "writer", envs, {"text": ref("trigger.text")})]
    return deployment(session.project_id, trigger, steps)


async def deployment_of(session: Session, workflow_id: str) -> dict:
    response = await session.get(f"/api/runner/deployments/{workflow_id}")
    assert response.status_code == 200, response.text
    return dict(response.json())


async def trigger_log(session: Session, workflow_id: str) -> list[str]:
    response = await session.get(f"/api/runner/deployments/{workflow_id}/logs")
    assert response.status_code == 200, response.text
    return [line["line"] for line in response.json()["items"]]


async def states_of(session: Session, workflow_id: str, last: int) -> list[int]:
    """The deployment states published for the workflow, once ``last`` has arrived (the bus
    may deliver an event after the API already answers the state)."""

    def published() -> list[int]:
        return [s for workflow, s, _ in session.deployment_events if workflow == workflow_id]

    await testing.eventually(lambda: published()[-1:] == [last], within=30, step=0.05)
    return published()


async def test_stays_deployed_with_trigger_finished_when_source_returns(
    session: Session, envs: dict[str, Path]
) -> None:
    workflow_id, order = sourced(session, "onerun", envs)
    deployed = await session.deploy(order, workflow_id)

    async def finished() -> bool:
        trigger = (await deployment_of(session, workflow_id))["trigger"]
        return trigger is not None and trigger["state"] == "finished"

    await testing.eventually(finished, within=60, step=0.1)
    current = await deployment_of(session, workflow_id)
    assert (current["state"], current["trigger"]) == (
        "Deployed",
        {"state": "finished", "message": ""},
    )
    listing = await session.get("/api/runner/runs", params={"workflow_id": workflow_id})
    [fired] = listing.json()["items"]
    assert (await session.finished(fired["id"]))["state"] == "Completed"

    by_hand = await session.finished(await session.start(workflow_id, text="by hand"))
    assert by_hand["state"] == "Completed"
    hooked = await session.platform.request(
        "POST", deployed["webhook_path"], json={"text": "hooked"}
    )
    assert hooked.status_code == 202, hooked.text
    assert (await session.finished(hooked.json()["run_id"]))["state"] == "Completed"
    assert await trigger_log(session, workflow_id) == ["firing once", "done firing"]

    await session.deploy(undeployment(session.project_id, workflow_id), workflow_id, "Undeployed")
    undeployed = runner_events_pb2.DEPLOYMENT_STATE_UNDEPLOYED
    assert await states_of(session, workflow_id, undeployed) == [
        runner_events_pb2.DEPLOYMENT_STATE_DEPLOYING,
        runner_events_pb2.DEPLOYMENT_STATE_DEPLOYED,
        runner_events_pb2.DEPLOYMENT_STATE_UNDEPLOYING,
        runner_events_pb2.DEPLOYMENT_STATE_UNDEPLOYED,
    ]  # the source's end changed nothing: undeploying was the user's choice


async def test_fails_deployment_with_message_and_log_when_source_raises_at_start(
    session: Session, envs: dict[str, Path]
) -> None:
    workflow_id, order = sourced(session, "badstart", envs)
    failed = await session.deploy(order, workflow_id, "Error")

    assert failed["message"] == (
        "the trigger could not start: ValueError: no endpoint configured\n"
        "last lines of the trigger's log:\nreading the configuration"
    )
    assert failed["trigger"] == {"state": "failed", "message": "ValueError: no endpoint configured"}
    error = runner_events_pb2.DEPLOYMENT_STATE_ERROR
    assert await states_of(session, workflow_id, error) == [
        runner_events_pb2.DEPLOYMENT_STATE_DEPLOYING,
        runner_events_pb2.DEPLOYMENT_STATE_ERROR,
    ]  # never Deployed: `deploy --wait` fails, whatever the timing
    assert await trigger_log(session, workflow_id) == ["reading the configuration"]


async def test_turns_error_with_message_and_log_when_source_crashes_later(
    session: Session, envs: dict[str, Path], tmp_path: Path
) -> None:
    copy = tmp_path / "crashlater"
    shutil.copytree(envs["crashlater"] / "action", copy / "action")
    (copy / "venv").symlink_to((envs["crashlater"] / "venv").resolve())
    workflow_id, order = sourced(session, "crashlater", {**envs, "crashlater": copy})
    await session.deploy(order, workflow_id)
    assert (await deployment_of(session, workflow_id))["trigger"]["state"] == "running"

    async def fired() -> bool:
        listing = await session.get("/api/runner/runs", params={"workflow_id": workflow_id})
        return len(listing.json()["items"]) == 1

    await testing.eventually(fired, within=60, step=0.1)
    (copy / "action" / "crash-now").write_text("")

    async def in_error() -> bool:
        return (await deployment_of(session, workflow_id))["state"] == "Error"

    await testing.eventually(in_error, within=60, step=0.1)
    current = await deployment_of(session, workflow_id)
    assert current["message"] == (
        "the trigger stopped with an error: ConnectionError: feed lost; fix it and deploy again\n"
        "last lines of the trigger's log:\nthe feed broke"
    )
    assert current["trigger"] == {"state": "failed", "message": "ConnectionError: feed lost"}
    assert await trigger_log(session, workflow_id) == ["the feed broke"]
