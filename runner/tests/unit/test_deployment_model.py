"""The Deployment aggregate's state machine and the events it returns."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from flowloom.runner.domain.deployment import Deployment
from flowloom.runner.domain.errors import Conflict
from flowloom.runner.domain.events import DeploymentState

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def deployed() -> Deployment:
    deployment, _ = Deployment.create(
        project_id="p", workflow_id="wf", workflow_version_id="v1", webhook_key="k", now=NOW
    )
    deployment.mark_deployed(NOW)
    return deployment


def test_starts_deploying_with_an_event_when_created() -> None:
    deployment, event = Deployment.create(
        project_id="p", workflow_id="wf", workflow_version_id="v1", webhook_key="k", now=NOW
    )
    assert deployment.state is DeploymentState.DEPLOYING
    assert (event.workflow_version_id, event.state, event.message) == (
        "v1",
        DeploymentState.DEPLOYING,
        "",
    )


def test_changes_nothing_when_same_version_is_deployed_again() -> None:
    deployment = deployed()
    assert deployment.deploy("v1", NOW) is None
    assert deployment.mark_deployed(NOW) is None
    assert deployment.state is DeploymentState.DEPLOYED


def test_deploys_again_when_new_version_replaces_live_one() -> None:
    deployment = deployed()
    event = deployment.deploy("v2", NOW)
    assert event is not None
    assert (event.workflow_version_id, event.state) == ("v2", DeploymentState.DEPLOYING)
    assert deployment.webhook_key == "k"


def test_redeploys_when_same_version_is_in_error() -> None:
    deployment = deployed()
    deployment.fail("image missing", NOW)
    event = deployment.deploy("v1", NOW)
    assert event is not None
    assert event.state is DeploymentState.DEPLOYING
    assert deployment.message == ""


def test_carries_message_when_deployment_fails() -> None:
    event = deployed().fail("the trigger could not start: boom", NOW)
    assert (event.state, event.message) == (
        DeploymentState.ERROR,
        "the trigger could not start: boom",
    )


def test_goes_through_undeploying_when_undeployed() -> None:
    deployment = deployed()
    first = deployment.start_undeploy(NOW)
    second = deployment.mark_undeployed(NOW)
    assert first is not None
    assert first.state is DeploymentState.UNDEPLOYING
    assert second is not None
    assert second.state is DeploymentState.UNDEPLOYED
    assert deployment.start_undeploy(NOW) is None
    assert deployment.mark_undeployed(NOW) is None


def test_refuses_undeployed_when_not_undeploying() -> None:
    with pytest.raises(Conflict):
        deployed().mark_undeployed(NOW)


def test_refuses_deployed_when_not_deploying() -> None:
    deployment = deployed()
    deployment.start_undeploy(NOW)
    with pytest.raises(Conflict):
        deployment.mark_deployed(NOW)


def test_keeps_live_version_when_new_version_is_rejected() -> None:
    deployment = deployed()
    event = deployment.reject("v2", "step id 'a' is used more than once", NOW)
    assert (deployment.state, deployment.workflow_version_id) == (DeploymentState.DEPLOYED, "v1")
    assert (event.workflow_version_id, event.state) == ("v2", DeploymentState.ERROR)
    assert event.message == "step id 'a' is used more than once"


def test_shows_error_when_version_is_rejected_and_nothing_is_live() -> None:
    deployment = deployed()
    deployment.start_undeploy(NOW)
    deployment.mark_undeployed(NOW)
    deployment.reject("v2", "bad", NOW)
    assert (deployment.state, deployment.workflow_version_id, deployment.message) == (
        DeploymentState.ERROR,
        "v2",
        "bad",
    )
