"""Domain events → protobuf envelopes on the `studio.events` exchange."""

from __future__ import annotations

from datetime import datetime

from google.protobuf.timestamp_pb2 import Timestamp

from flowloom.servicekit.messaging import Envelope
from flowloom.servicekit.messaging.topology import exchange_name
from flowloom.studio.domain.events import (
    DomainEvent,
    WorkflowDeploymentRequested,
    WorkflowUndeploymentRequested,
)
from flowloom.studio.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.studio.infrastructure.messaging.version_codec import workflow_version_message

EXCHANGE = exchange_name("studio")
DEPLOYMENT_REQUESTED = "workflow.deployment_requested"
UNDEPLOYMENT_REQUESTED = "workflow.undeployment_requested"


def to_envelope(event: DomainEvent) -> Envelope:
    """Every event the studio emits; an unknown event is a programming error."""
    message: pb.WorkflowDeploymentRequested | pb.WorkflowUndeploymentRequested
    if isinstance(event, WorkflowDeploymentRequested):
        message = pb.WorkflowDeploymentRequested(
            event_id=event.event_id,
            project_id=event.project,
            version=workflow_version_message(event.version),
            occurred_at=_timestamp(event.occurred_at),
        )
        routing_key = DEPLOYMENT_REQUESTED
    elif isinstance(event, WorkflowUndeploymentRequested):
        message = pb.WorkflowUndeploymentRequested(
            event_id=event.event_id,
            project_id=event.project,
            workflow_id=event.workflow_id,
            occurred_at=_timestamp(event.occurred_at),
        )
        routing_key = UNDEPLOYMENT_REQUESTED
    else:
        raise TypeError(f"no message for domain event {type(event).__name__}")
    return Envelope(
        exchange=EXCHANGE,
        routing_key=routing_key,
        type=message.DESCRIPTOR.full_name,
        body=message.SerializeToString(),
        message_id=event.event_id,
    )


def _timestamp(moment: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(moment)
    return stamp
