"""Domain events → protobuf envelopes on the `authorization.events` exchange."""

from __future__ import annotations

from google.protobuf.message import Message

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
from flowloom.servicekit.messaging.messages import envelope_of, stamped
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
    message: Message
    if isinstance(event, ProjectDeleted):
        routing_key = PROJECT_DELETED
        message = pb.ProjectDeleted(event_id=event.event_id, project_id=event.project_id)
    elif isinstance(event, TokensRevoked):
        routing_key = TOKENS_REVOKED
        message = stamped(
            pb.TokensRevoked(
                event_id=event.event_id,
                user_id=event.user_id or "",
                project_id=event.project_id or "",
                api_key_id=event.api_key_id or "",
                reason=REASONS[event.reason],
            ),
            issued_before=event.issued_before,
            expires_at=event.expires_at,
        )
    else:
        raise TypeError(f"no message for domain event {type(event).__name__}")
    return envelope_of(
        stamped(message, occurred_at=event.occurred_at),
        exchange=EXCHANGE,
        routing_key=routing_key,
        message_id=event.event_id,
    )
