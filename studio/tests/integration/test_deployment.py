"""Deploying: a frozen version on the bus, the runner's states followed, undeploying."""

from __future__ import annotations

import pytest

from flowloom.studio.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.testkit import testing

from .flows import import_example
from .messages import deployment_changed
from .service import Studio

pytestmark = pytest.mark.integration


async def test_sends_frozen_version_when_deploying(studio: Studio) -> None:
    wf = await import_example(studio)
    assert wf["problems"] == []
    template_key = wf["steps"][1]["inputs"]["template"]["file"]

    deployment = await studio.ok("POST", f"/workflows/{wf['id']}/deploy", 202)
    assert (deployment["state"], deployment["version_number"]) == ("Deploying", 1)

    order = await studio.order("workflow.deployment_requested")
    message = pb.WorkflowDeploymentRequested.FromString(order.body)
    assert order.type == "flowloom.studio.v1.WorkflowDeploymentRequested"
    assert order.message_id == message.event_id
    assert message.project_id == studio.project
    version = message.version
    assert (version.workflow_id, version.workflow_version_id, version.number, version.name) == (
        wf["id"], f"{wf['id']}-v1", 1, "tick-to-file",
    )  # fmt: skip
    trigger = version.trigger.action
    assert (trigger.action.action_id, trigger.action.version, trigger.action.kind) == (
        "emitevery", "1.3", "Source",
    )  # fmt: skip
    assert trigger.action.artefact == "s3://artefacts/venv/emitevery-1.3.tar.gz"
    assert [(b.input, b.literal.integer_value) for b in trigger.inputs] == [("seconds", 30)]
    writer, reader, notify = version.steps
    assert writer.action.artefact == "s3://artefacts/venv/str-to-txt-1.0.tar.gz"
    assert writer.action.resources.memory_bytes == 64 << 20
    assert [(b.input, b.ref.node, b.ref.output) for b in writer.inputs] == [
        ("instring", "trigger", "time")
    ]
    assert reader.when == "steps.writer.outputs.outfile != ''"
    assert (reader.retry.attempts, reader.retry.backoff_seconds) == (3, 2.0)
    reader_inputs = {b.input: b for b in reader.inputs}
    # The runner presigns the static file where the studio keeps it: its bucket, named.
    bucket = studio.app.state.container.settings().s3_bucket
    assert reader_inputs["template"].literal.file_key == f"s3://{bucket}/{template_key}"
    notify_inputs = {b.input: b for b in notify.inputs}
    assert notify_inputs["smtp_password"].secret == "smtp-password"
    assert notify_inputs["recipient"].literal.string_value == "ops@x.org"  # resolved variable
    assert notify_inputs["priority"].literal.string_value == "low"  # the default, made explicit
    assert "hunter2" not in order.body.decode("latin-1")
    assert [(r.name, r.ref.node, r.ref.output) for r in version.results] == [
        ("content", "reader", "stdout")
    ]

    stored = await studio.ok("GET", f"/workflows/{wf['id']}/versions/1")
    assert stored["version_id"] == f"{wf['id']}-v1"
    assert stored["content"]["steps"][2]["action"]["action_id"] == "send-email"
    assert "hunter2" not in str(stored)


async def test_follows_runner_states_when_deployment_changes(studio: Studio) -> None:
    wf = await import_example(studio)
    path = f"/workflows/{wf['id']}"
    await studio.ok("POST", f"{path}/deploy", 202)
    version_id = f"{wf['id']}-v1"

    await studio.bus.publish(deployment_changed(studio.project, wf["id"], version_id, "Deployed"))
    await _state(studio, path, "Deployed")
    assert (await studio.ok("GET", f"{path}/deployment"))["changed_since"] is False
    # Variables are read when a version is frozen: a change says the deployment is behind.
    await studio.ok("PUT", "/variables/ops-address", json={"type": "string", "value": "o@y.org"})
    assert (await studio.ok("GET", f"{path}/deployment"))["changed_since"] is True
    assert (await studio.ok("GET", path))["deployment"]["changed_since"] is True
    await studio.ok("PUT", "/variables/ops-address", json={"type": "string", "value": "ops@x.org"})
    assert (await studio.ok("GET", path))["deployment"]["changed_since"] is False
    listed = (await studio.ok("GET", "/workflows"))["items"][0]
    assert listed["deployment"]["state"] == "Deployed"
    assert (await studio.delete(path)).status_code == 409

    unchanged = await studio.ok("POST", f"{path}/deploy", 202)  # nothing changed: no version
    assert (unchanged["version_number"], unchanged["state"]) == (1, "Deployed")
    await studio.ok("PATCH", path, json={"description": "not deployed: still no version"})
    assert (await studio.ok("POST", f"{path}/deploy", 202))["version_number"] == 1
    await studio.ok("PUT", f"{path}/steps/trigger/inputs/seconds", json={"literal": 31})
    await studio.ok("POST", f"{path}/deploy", 202)  # a new version replaces the deployed one
    stale = deployment_changed(studio.project, wf["id"], version_id, "Error", "old news")
    await studio.bus.publish(stale)
    fresh = deployment_changed(
        studio.project, wf["id"], f"{wf['id']}-v2", "Error", "the trigger could not start"
    )
    await studio.bus.publish(fresh)
    found = await _state(studio, path, "Error")
    assert (found["version_number"], found["message"]) == (2, "the trigger could not start")
    versions = await studio.ok("GET", f"{path}/versions")
    assert [v["number"] for v in versions["items"]] == [2, 1]

    undeploying = await studio.ok("POST", f"{path}/undeploy", 202)
    assert undeploying["state"] == "Undeploying"
    order = await studio.order("workflow.undeployment_requested")
    assert pb.WorkflowUndeploymentRequested.FromString(order.body).workflow_id == wf["id"]
    await studio.bus.publish(
        deployment_changed(studio.project, wf["id"], f"{wf['id']}-v2", "Undeployed")
    )
    await _state(studio, path, "Undeployed")
    assert (await studio.post(f"{path}/undeploy")).status_code == 409
    await studio.ok("DELETE", path, 204)


async def test_refuses_deploy_with_problems_when_workflow_is_invalid(studio: Studio) -> None:
    wf = await import_example(studio)
    await studio.ok("DELETE", "/secrets/smtp-password", 204)

    refused = await studio.post(f"/workflows/{wf['id']}/deploy")
    assert refused.status_code == 422
    assert [(p["code"], p["step"], p["input"]) for p in refused.json()["problems"]] == [
        ("unknown_secret", "notify", "smtp_password")
    ]
    assert await studio.ok("GET", f"/workflows/{wf['id']}/deployment") is None
    assert (await studio.ok("GET", f"/workflows/{wf['id']}/versions"))["items"] == []


async def _state(studio: Studio, path: str, state: str) -> dict:
    found: dict = {}

    async def reached() -> bool:
        found.update(await studio.ok("GET", f"{path}/deployment") or {})
        return found.get("state") == state

    await testing.eventually(reached, within=30)
    return found
