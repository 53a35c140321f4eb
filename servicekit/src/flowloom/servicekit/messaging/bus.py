"""The message bus port: what every adapter (memory, AMQP) offers with the same semantics."""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field


def _new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class Envelope:
    """One message on the bus: protobuf bytes plus routing and identity."""

    exchange: str
    routing_key: str
    type: str
    body: bytes
    message_id: str = field(default_factory=_new_id)
    correlation_id: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


PREFETCH = 32  # unacknowledged messages a consumer holds at once, by default


@dataclass(frozen=True, slots=True)
class QueueBinding:
    """A consumer's durable queue bound to an emitter's exchange.

    A message whose handler raises is delivered again; after ``max_deliveries`` failed
    deliveries it is moved to the dead-letter queue ``<queue>.dead``.
    """

    queue: str
    exchange: str
    routing_keys: tuple[str, ...]
    max_deliveries: int = 5
    prefetch: int = PREFETCH

    @property
    def dead_letter_queue(self) -> str:
        return f"{self.queue}.dead"


Handler = Callable[[Envelope], Awaitable[None]]


class MessageBus(ABC):
    """Topic exchanges, durable queues, persistent messages, confirmed publishes."""

    @abstractmethod
    async def start(self) -> None:
        """Open connections. Called once, from a lifespan, never at import."""

    @abstractmethod
    async def close(self) -> None:
        """Stop consumers and close connections."""

    @abstractmethod
    async def check(self) -> None:
        """Raise when the broker cannot be reached now (health); cheap, no message sent."""

    @abstractmethod
    async def declare_exchange(self, name: str) -> None:
        """Declare a durable topic exchange (idempotent)."""

    @abstractmethod
    async def publish(self, envelope: Envelope) -> None:
        """Publish persistently; return only once the broker has confirmed the message."""

    @abstractmethod
    async def subscribe(self, binding: QueueBinding, handler: Handler) -> None:
        """Declare the queue (and its dead-letter queue), bind it and start consuming.

        The message is acknowledged only after ``handler`` returns.
        """

    @abstractmethod
    async def dead_letters(self, binding: QueueBinding) -> list[Envelope]:
        """Drain and return the messages in the binding's dead-letter queue (for admin/tests)."""
