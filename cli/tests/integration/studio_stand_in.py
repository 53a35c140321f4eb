"""Plays the studio where the platform has none yet: a deployment order from a published action."""

from __future__ import annotations

import uuid

from flowloom.repository.infrastructure.messaging.protobuf.repository.v1 import (
    repository_events_pb2 as repo_pb,
)
from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import (
    studio_events_pb2 as studio_pb,
)
from flowloom.servicekit.messaging import Envelope
from flowloom.testkit.events import envelope


def deployment_order(
    project_id: str, name: str, published: repo_pb.ActionPublished
) -> tuple[str, Envelope]:
    """`name`: a manual trigger with output `a` (integer) → one step of the action."""
    workflow_id = str(uuid.uuid4())
    action = studio_pb.ActionArtefact(
        action_id=published.technical_name,
        version=published.version,
        kind=published.kind,
        artefact=published.artefact,
        inputs=[studio_pb.IoSpec(name=i.name, type=i.type) for i in published.inputs],
        outputs=[studio_pb.IoSpec(name=o.name, type=o.type) for o in published.outputs],
    )
    version = studio_pb.WorkflowVersion(
        workflow_id=workflow_id,
        workflow_version_id=str(uuid.uuid4()),
        name=name,
        number=1,
        trigger=studio_pb.Trigger(
            manual=studio_pb.ManualTrigger(
                outputs=[studio_pb.IoSpec(name="a", type="IO_TYPE_INTEGER")]
            )
        ),
        steps=[
            studio_pb.Step(
                id="add",
                action=action,
                inputs=[
                    studio_pb.Binding(
                        input="a", ref=studio_pb.Reference(node="trigger", output="a")
                    )
                ],
            )
        ],
        results=[
            studio_pb.WorkflowResult(
                name="total", ref=studio_pb.Reference(node="add", output="total")
            )
        ],
    )
    message = studio_pb.WorkflowDeploymentRequested(
        event_id=str(uuid.uuid4()), project_id=project_id, version=version
    )
    return workflow_id, envelope("studio.events", "workflow.deployment_requested", message)


def published_action(body: bytes) -> repo_pb.ActionPublished:
    return repo_pb.ActionPublished.FromString(body)
