"""Publish build events on the bus (confirmed; the order is acknowledged afterwards)."""

from __future__ import annotations

from flowloom.action_builder.application.ports import EventPublisher
from flowloom.action_builder.domain.build import BuildEvent
from flowloom.action_builder.infrastructure.messaging.events import to_envelope
from flowloom.servicekit.messaging import MessageBus


class BusEventPublisher(EventPublisher):
    def __init__(self, bus: MessageBus) -> None:
        self._bus = bus

    async def publish(self, event: BuildEvent) -> None:
        await self._bus.publish(to_envelope(event))
