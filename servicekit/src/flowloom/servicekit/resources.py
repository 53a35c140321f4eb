"""dependency-injector resources shared by every service container: the bus and the relay."""

from __future__ import annotations

from collections.abc import AsyncIterator

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flowloom.servicekit.database.outbox import OutboxRelay, OutboxSignal
from flowloom.servicekit.messaging import MessageBus, create_bus


async def bus_resource(url: str) -> AsyncIterator[MessageBus]:
    """The bus, started in the lifespan and closed at shutdown."""
    bus = create_bus(url)
    await bus.start()
    try:
        yield bus
    finally:
        await bus.close()


async def relay_resource(
    sessions: async_sessionmaker[AsyncSession],
    outbox: Table,
    bus: MessageBus,
    signal: OutboxSignal,
    poll_interval: float,
) -> AsyncIterator[OutboxRelay]:
    """The outbox relay, running while the service runs."""
    relay = OutboxRelay(sessions, outbox, bus, poll_interval=poll_interval, signal=signal)
    await relay.start()
    try:
        yield relay
    finally:
        await relay.stop()
