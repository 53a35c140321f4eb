"""Domain events → protobuf envelopes on the `runner.events` exchange."""

from __future__ import annotations

from flowloom.runner.domain.events import DeploymentState, DomainEvent, WorkflowDeploymentChanged
from flowloom.runner.infrastructure.messaging.protobuf.runner.v1 import runner_events_pb2 as pb
from flowloom.servicekit.messaging import Envelope
from flowloom.servicekit.messaging.messages import envelope_of, stamped
from flowloom.servicekit.messaging.topology import exchange_name

EXCHANGE = exchange_name("runner")
DEPLOYMENT_CHANGED = "workflow.deployment_changed"

_STATES = {
    DeploymentState.DEPLOYING: pb.DEPLOYMENT_STATE_DEPLOYING,
    DeploymentState.DEPLOYED: pb.DEPLOYMENT_STATE_DEPLOYED,
    DeploymentState.UNDEPLOYING: pb.DEPLOYMENT_STATE_UNDEPLOYING,
    DeploymentState.UNDEPLOYED: pb.DEPLOYMENT_STATE_UNDEPLOYED,
    DeploymentState.ERROR: pb.DEPLOYMENT_STATE_ERROR,
}


def to_envelope(event: DomainEvent) -> Envelope:
    """Every event the runner emits; an unknown event is a programming error."""
    if isinstance(event, WorkflowDeploymentChanged):
        message = pb.WorkflowDeploymentChanged(
            event_id=event.event_id,
            project_id=event.project_id,
            workflow_id=event.workflow_id,
            workflow_version_id=event.workflow_version_id,
            state=_STATES[event.state],
            message=event.message,
        )
        return envelope_of(
            stamped(message, occurred_at=event.occurred_at),
            exchange=EXCHANGE,
            routing_key=DEPLOYMENT_CHANGED,
            message_id=event.event_id,
        )
    raise TypeError(f"no message for domain event {type(event).__name__}")
