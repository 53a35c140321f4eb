"""Events as the services publish them, for a test that acts as another service on the bus."""

from __future__ import annotations

from typing import Any

from flowloom.servicekit.messaging.bus import Envelope


def envelope(exchange: str, routing_key: str, message: Any) -> Envelope:
    """A protobuf event on `exchange` with `routing_key`, as a service's outbox sends it: the
    message's full name as its type, its bytes as the body, its `event_id` as the message id."""
    return Envelope(
        exchange,
        routing_key,
        message.DESCRIPTOR.full_name,
        message.SerializeToString(),
        message_id=message.event_id,
    )
