"""Domain events → protobuf envelopes on the `studio.events` exchange."""

from __future__ import annotations

from dataclasses import dataclass

from google.protobuf.message import Message

from flowloom.servicekit.messaging import Envelope
from flowloom.servicekit.messaging.messages import envelope_of, stamped
from flowloom.servicekit.messaging.topology import exchange_name
from flowloom.studio.domain.events import (
    DomainEvent,
    SecretDeleted,
    SecretSet,
    WorkflowDeploymentRequested,
    WorkflowUndeploymentRequested,
)
from flowloom.studio.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.studio.infrastructure.messaging.transport import TransportCipher
from flowloom.studio.infrastructure.messaging.version_codec import workflow_version_message

EXCHANGE = exchange_name("studio")
DEPLOYMENT_REQUESTED = "workflow.deployment_requested"
UNDEPLOYMENT_REQUESTED = "workflow.undeployment_requested"
SECRET_SET = "secret.set"  # noqa: S105 (a routing key)
SECRET_DELETED = "secret.deleted"  # noqa: S105 (a routing key)


@dataclass(eq=False)
class EnvelopeMapper:
    """Every event the studio emits (the unit of work's ``to_envelope``); an unknown event is
    a programming error. Secret values are sealed with the transport cipher here, before the
    envelope reaches the outbox: neither the table nor the bus ever holds them in clear."""

    transport: TransportCipher
    files_bucket: str

    def __call__(self, event: DomainEvent) -> Envelope:
        message, routing_key = self._message(event)
        return envelope_of(
            stamped(message, occurred_at=event.occurred_at),
            exchange=EXCHANGE,
            routing_key=routing_key,
            message_id=event.event_id,
        )

    def _message(self, event: DomainEvent) -> tuple[Message, str]:
        if isinstance(event, WorkflowDeploymentRequested):
            deployment = pb.WorkflowDeploymentRequested(
                event_id=event.event_id,
                project_id=event.project,
                version=workflow_version_message(event.version, files_bucket=self.files_bucket),
            )
            return deployment, DEPLOYMENT_REQUESTED
        if isinstance(event, WorkflowUndeploymentRequested):
            undeployment = pb.WorkflowUndeploymentRequested(
                event_id=event.event_id, project_id=event.project, workflow_id=event.workflow_id
            )
            return undeployment, UNDEPLOYMENT_REQUESTED
        if isinstance(event, SecretSet):
            secret_set = pb.ProjectSecretSet(
                event_id=event.event_id,
                project_id=event.project,
                name=event.name,
                sealed_value=self.transport.seal(event.value),
            )
            return secret_set, SECRET_SET
        if isinstance(event, SecretDeleted):
            secret_deleted = pb.ProjectSecretDeleted(
                event_id=event.event_id, project_id=event.project, name=event.name
            )
            return secret_deleted, SECRET_DELETED
        raise TypeError(f"no message for domain event {type(event).__name__}")
