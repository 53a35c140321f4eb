"""Domain events → protobuf envelopes on the `authorization.events` exchange."""

from __future__ import annotations

from datetime import datetime

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from flowloom.authorization.domain.events import (
    DomainEvent,
    ProjectDeleted,
    RevocationReason,
    TokensRevoked,
)
from flowloom.authorization.infrastructure.messaging.protobuf.authorization.v1 import (
    authorization_events_pb2 as pb,
)
from flowloom.servicekit.messaging import Envelope
from flowloom.servicekit.messaging.topology import exchange_name

EXCHANGE = exchange_name("authorization")
PROJECT_DELETED = "project.deleted"
TOKENS_REVOKED = "tokens.revoked"
REASONS = {
    RevocationReason.USER_DEACTIVATED: pb.TOKEN_REVOCATION_REASON_USER_DEACTIVATED,
    RevocationReason.USER_DELETED: pb.TOKEN_REVOCATION_REASON_USER_DELETED,
    RevocationReason.ADMIN_RIGHTS_REMOVED: pb.TOKEN_REVOCATION_REASON_ADMIN_RIGHTS_REMOVED,
    RevocationReason.PASSWORD_CHANGED: pb.TOKEN_REVOCATION_REASON_PASSWORD_CHANGED,
    RevocationReason.MEMBERSHIP_REMOVED: pb.TOKEN_REVOCATION_REASON_MEMBERSHIP_REMOVED,
    RevocationReason.MEMBERSHIP_ROLE_CHANGED: pb.TOKEN_REVOCATION_REASON_MEMBERSHIP_ROLE_CHANGED,
    RevocationReason.API_KEY_REVOKED: pb.TOKEN_REVOCATION_REASON_API_KEY_REVOKED,
    RevocationReason.PROJECT_DELETED: pb.TOKEN_REVOCATION_REASON_PROJECT_DELETED,
}


def to_envelope(event: DomainEvent) -> Envelope:
    """Every event the service emits; an unknown event is a programming error."""
    if isinstance(event, ProjectDeleted):
        message: Message = pb.ProjectDeleted(
            event_id=event.event_id,
            project_id=event.project_id,
            occurred_at=_timestamp(event.occurred_at),
        )
        return _envelope(event, PROJECT_DELETED, message)
    if isinstance(event, TokensRevoked):
        message = pb.TokensRevoked(
            event_id=event.event_id,
            occurred_at=_timestamp(event.occurred_at),
            user_id=event.user_id or "",
            project_id=event.project_id or "",
            api_key_id=event.api_key_id or "",
            issued_before=_timestamp(event.issued_before),
            expires_at=_timestamp(event.expires_at),
            reason=REASONS[event.reason],
        )
        return _envelope(event, TOKENS_REVOKED, message)
    raise TypeError(f"no message for domain event {type(event).__name__}")


def _envelope(event: DomainEvent, routing_key: str, message: Message) -> Envelope:
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
