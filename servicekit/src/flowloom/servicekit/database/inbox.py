"""Idempotent consumers: a message's effect and its inbox row commit together, once."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flowloom.servicekit.messaging.bus import Envelope, Handler

log = logging.getLogger(__name__)


@dataclass
class Consumption:
    """The message being handled by the current task; `recorded` once its inbox row commits.

    A handler may commit several units of work (a state, then the next); only the first
    commit records the message, so the others do not collide with its inbox row.
    """

    consumer: str
    message_id: str
    recorded: bool = False


current_message: ContextVar[Consumption | None] = ContextVar("current_message", default=None)


@contextmanager
def consuming(consumer: str, message_id: str) -> Iterator[None]:
    """Units of work committed inside this block record `message_id` in the inbox (once)."""
    token = current_message.set(Consumption(consumer, message_id))
    try:
        yield
    finally:
        current_message.reset(token)


async def record_consumption(
    session: AsyncSession, inbox: Table, now: datetime
) -> Consumption | None:
    """Add the inbox row of the message being handled, unless already recorded.

    Returns the consumption to mark ``recorded`` once the session commits (None: nothing added).
    """
    message = current_message.get()
    if message is None or message.recorded:
        return None
    await session.execute(
        insert(inbox).values(
            consumer=message.consumer, message_id=message.message_id, processed_at=now
        )
    )
    return message


def idempotent(
    consumer: str,
    sessions: async_sessionmaker[AsyncSession],
    inbox: Table,
    handle: Callable[[Envelope], Awaitable[None]],
) -> Handler:
    """Skip messages already applied; otherwise run `handle` with the inbox context set.

    Two deliveries racing past the check both run, but only one commit can insert the inbox
    row (primary key); the other raises, is redelivered, and is then skipped.
    """

    async def handler(envelope: Envelope) -> None:
        async with sessions() as session:
            seen = await session.scalar(
                select(inbox.c.message_id).where(
                    inbox.c.consumer == consumer, inbox.c.message_id == envelope.message_id
                )
            )
        if seen is not None:
            log.info("%s: message %s already processed", consumer, envelope.message_id)
            return
        with consuming(consumer, envelope.message_id):
            await handle(envelope)

    return handler
