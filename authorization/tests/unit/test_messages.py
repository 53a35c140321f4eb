"""Domain events as the protobuf messages other services read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flowloom.authorization.domain.events import RevocationReason, TokensRevoked
from flowloom.authorization.infrastructure.messaging.events import to_envelope
from flowloom.authorization.infrastructure.messaging.protobuf.authorization.v1 import (
    authorization_events_pb2 as pb,
)
from flowloom.servicekit.revocations import Revocation, revocation_of

NOW = datetime(2025, 3, 1, 12, 0, 0, 123_456, tzinfo=UTC)


def revoked(reason: RevocationReason, **scope: str) -> TokensRevoked:
    """The tokens of ``scope`` issued until NOW, which live 15 minutes."""
    expires_at = NOW + timedelta(minutes=15)
    return TokensRevoked(
        occurred_at=NOW, reason=reason, issued_before=NOW, expires_at=expires_at, **scope
    )


def test_carries_the_revocation_rule_when_tokens_are_revoked() -> None:
    event = revoked(RevocationReason.API_KEY_REVOKED, user_id="u-1", api_key_id="k-1")
    envelope = to_envelope(event)
    assert (envelope.exchange, envelope.routing_key) == ("authorization.events", "tokens.revoked")
    assert (envelope.type, envelope.message_id) == (
        "flowloom.authorization.v1.TokensRevoked", event.event_id,
    )  # fmt: skip
    message = pb.TokensRevoked.FromString(envelope.body)
    assert message.reason == pb.TOKEN_REVOCATION_REASON_API_KEY_REVOKED
    # What every consumer builds from it (servicekit): microseconds kept, empty means "any".
    assert revocation_of(message) == Revocation(
        id=event.event_id, issued_before=NOW, expires_at=NOW + timedelta(minutes=15),
        user_id="u-1", api_key_id="k-1",
    )  # fmt: skip


def test_names_no_user_when_a_whole_project_is_revoked() -> None:
    event = revoked(RevocationReason.PROJECT_DELETED, project_id="p-1")
    revocation = revocation_of(pb.TokensRevoked.FromString(to_envelope(event).body))
    assert (revocation.user_id, revocation.project_id, revocation.api_key_id) == (
        None, "p-1", None,
    )  # fmt: skip
