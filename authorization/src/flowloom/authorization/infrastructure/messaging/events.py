"""Domain events → protobuf envelopes on the `authorization.events` exchange."""

from __future__ import annotations

from google.protobuf.timestamp_pb2 import Timestamp

from flowloom.authorization.domain.events import DomainEvent, ProjectDeleted
from flowloom.authorization.infrastructure.messaging.protobuf.authorization.v1 import (
    authorization_events_pb2 as pb,
)
from flowloom.servicekit.messaging import Envelope
from flowloom.servicekit.messaging.topology import exchange_name

EXCHANGE = exchange_name("authorization")
PROJECT_DELETED = "project.deleted"


def to_envelope(event: DomainEvent) -> Envelope:
    """Every event the service emits; an unknown event is a programming error."""
    if isinstance(event, ProjectDeleted):
        occurred = Timestamp()
        occurred.FromDatetime(event.occurred_at)
        message = pb.ProjectDeleted(
            event_id=event.event_id, project_id=event.project_id, occurred_at=occurred
        )
        return Envelope(
            exchange=EXCHANGE,
            routing_key=PROJECT_DELETED,
            type=message.DESCRIPTOR.full_name,
            body=message.SerializeToString(),
            message_id=event.event_id,
        )
    raise TypeError(f"no message for domain event {type(event).__name__}")
