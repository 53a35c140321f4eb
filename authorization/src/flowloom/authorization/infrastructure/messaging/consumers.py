"""What authorization consumes: its own token revocations, like every service that verifies
access tokens (so its API refuses revoked tokens through the same path)."""

from __future__ import annotations

from flowloom.authorization.infrastructure.messaging.protobuf.authorization.v1 import (
    authorization_events_pb2 as pb,
)
from flowloom.servicekit.database.revocations import TokenRevocations
from flowloom.servicekit.messaging.subscriptions import Subscription, revocation_subscription

CONSUMER = "authorization"


def subscriptions(revocations: TokenRevocations) -> list[Subscription]:
    return [revocation_subscription(CONSUMER, revocations, pb.TokensRevoked.FromString)]
