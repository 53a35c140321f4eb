"""Generated protobuf messages → envelopes: what every service's ``events.py`` does alike.

Duck-typed, so that servicekit does not depend on protobuf: any generated message fits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, TypeVar

from flowloom.servicekit.messaging.bus import Envelope


class _Descriptor(Protocol):
    @property
    def full_name(self) -> str: ...


class ProtoMessage(Protocol):
    """What servicekit reads of a generated protobuf message."""

    @property
    def DESCRIPTOR(self) -> _Descriptor: ...  # noqa: N802 (protobuf's name)

    def SerializeToString(self, *, deterministic: bool = ...) -> bytes: ...  # noqa: N802


M = TypeVar("M", bound=ProtoMessage)


def stamped(message: M, **moments: datetime) -> M:
    """``message`` with each named ``Timestamp`` field set to its moment
    (``Timestamp.FromDatetime``: an aware moment in UTC, a naive one read as UTC)."""
    for name, moment in moments.items():
        stamp: Any = getattr(message, name)
        stamp.FromDatetime(moment)
    return message


def envelope_of(
    message: ProtoMessage,
    *,
    exchange: str,
    routing_key: str,
    message_id: str,
    correlation_id: str | None = None,
) -> Envelope:
    """The envelope carrying ``message``: its type is the message's full protobuf name."""
    return Envelope(
        exchange=exchange,
        routing_key=routing_key,
        type=message.DESCRIPTOR.full_name,
        body=message.SerializeToString(),
        message_id=message_id,
        correlation_id=correlation_id,
    )
