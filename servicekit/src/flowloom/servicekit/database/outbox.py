"""The outbox relay: publishes committed outbox rows, in order, with broker confirms."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy import Table, delete, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flowloom.servicekit.messaging.bus import Envelope, MessageBus

log = logging.getLogger(__name__)


class OutboxSignal:
    """Wakes the relay after a commit that wrote events; created before the relay starts so
    that units of work can hold it without waiting for the relay's resources."""

    def __init__(self) -> None:
        self.event = asyncio.Event()

    def notify(self) -> None:
        self.event.set()


class OutboxRelay:
    """Background task that empties the outbox into the bus.

    Woken by `notify()` after each commit that wrote events, and by a poll every
    `poll_interval` seconds (events left by a crash or by another replica). A row is deleted
    only after the broker confirmed it, so a crash or a broker outage delays, never loses, an
    event; consumers are idempotent, so the rare duplicate after a crash is harmless.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        outbox: Table,
        bus: MessageBus,
        *,
        batch_size: int = 200,
        poll_interval: float = 2.0,
        max_backoff: float = 10.0,
        signal: OutboxSignal | None = None,
    ) -> None:
        self._sessions = sessions
        self._outbox = outbox
        self._bus = bus
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._max_backoff = max_backoff
        self._signal = signal or OutboxSignal()
        self._task: asyncio.Task[None] | None = None

    def notify(self) -> None:
        self._signal.notify()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        backoff = 0.2
        while True:
            self._signal.event.clear()
            try:
                while await self.relay_batch() == self._batch_size:
                    pass
                backoff = 0.2
            except Exception:  # the broker or the database is away: retry, never drop
                log.warning("outbox relay failed; retrying in %.1fs", backoff, exc_info=True)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._max_backoff)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._signal.event.wait(), self._poll_interval)

    async def relay_batch(self) -> int:
        """Publish up to one batch; returns how many rows were relayed."""
        async with self._sessions() as session, session.begin():
            query = select(self._outbox).order_by(self._outbox.c.id).limit(self._batch_size)
            if session.get_bind().dialect.name == "postgresql":
                query = query.with_for_update(skip_locked=True)
            rows = (await session.execute(query)).all()
            for row in rows:
                await self._bus.publish(_envelope(row))
            if rows:
                ids = [row.id for row in rows]
                await session.execute(delete(self._outbox).where(self._outbox.c.id.in_(ids)))
        return len(rows)


def _envelope(row: Row[tuple[object, ...]]) -> Envelope:
    return Envelope(
        exchange=row.exchange,
        routing_key=row.routing_key,
        type=row.type,
        body=row.body,
        message_id=row.message_id,
        correlation_id=row.correlation_id,
        headers=dict(row.headers or {}),
    )
