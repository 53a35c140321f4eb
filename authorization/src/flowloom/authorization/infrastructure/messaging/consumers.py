"""What authorization consumes: its own token revocations, like every service that verifies
access tokens (so its API refuses revoked tokens through the same path)."""

from __future__ import annotations

from flowloom.authorization.infrastructure.messaging.events import TOKENS_REVOKED
from flowloom.authorization.infrastructure.messaging.protobuf.authorization.v1 import (
    authorization_events_pb2 as pb,
)
from flowloom.servicekit.database.revocations import TokenRevocations
from flowloom.servicekit.messaging import Envelope
from flowloom.servicekit.messaging.subscriptions import Subscription
from flowloom.servicekit.revocations import revocation_of

CONSUMER = "authorization"


def subscriptions(revocations: TokenRevocations) -> list[Subscription]:
    async def tokens_revoked(envelope: Envelope) -> None:
        await revocations.revoke(revocation_of(pb.TokensRevoked.FromString(envelope.body)))

    return [Subscription(CONSUMER, "authorization", TOKENS_REVOKED, tokens_revoked)]
