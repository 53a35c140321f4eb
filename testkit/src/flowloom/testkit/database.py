"""What a service's database tests stand on: its database freshly migrated, and a handle to it
that counts and reads tables and the outbox its units of work write."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from sqlalchemy import MetaData, Row, Table, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from flowloom.servicekit.database.engine import create_engine
from flowloom.servicekit.database.uow import SqlAlchemyUnitOfWork
from flowloom.servicekit.kernel import Conflict
from flowloom.servicekit.messaging.bus import Envelope


@asynccontextmanager
async def migrated(
    url: str, upgrade: Callable[[str], Awaitable[None]], start_mappers: Callable[[], None]
) -> AsyncIterator[AsyncEngine]:
    """An engine on `url` once the service's `upgrade` has migrated it and its mappers are
    started (before the test builds any domain object: instances made earlier are not
    instrumented); disposed at the end."""
    await upgrade(url)
    start_mappers()
    engine = create_engine(url)
    try:
        yield engine
    finally:
        await engine.dispose()


@asynccontextmanager
async def with_tables(url: str, metadata: MetaData) -> AsyncIterator[AsyncEngine]:
    """An engine on `url` once the tables of `metadata` are created (a test's own tables, not
    a service's migrations); disposed at the end."""
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    try:
        yield engine
    finally:
        await engine.dispose()


def envelopes(exchange: str) -> Callable[[Any], Envelope]:
    """A unit of work's event mapper for tests: each event to an empty envelope on `exchange`,
    routed by its class name, with the event's id as the message id."""

    def to_envelope(event: Any) -> Envelope:
        name = type(event).__name__
        return Envelope(exchange, name, f"test.{name}", b"", message_id=event.event_id)

    return to_envelope


@dataclass
class MigratedDatabase:
    """A migrated database. A service's tests subclass it with their `uow()` (passing
    `self.woken` as its after-commit call) and their `outbox` table; ``wakeups`` counts the
    after-commit calls (outbox relay pokes)."""

    outbox: ClassVar[Table]

    engine: AsyncEngine
    wakeups: list[None] = field(default_factory=list)

    def uow(self) -> SqlAlchemyUnitOfWork:
        raise NotImplementedError

    def woken(self) -> None:
        self.wakeups.append(None)

    async def count(self, table: Table) -> int:
        async with self.engine.connect() as connection:
            return int(await connection.scalar(select(func.count()).select_from(table)) or 0)

    async def column(self, table: Table, name: str) -> list[object]:
        async with self.engine.connect() as connection:
            return list((await connection.execute(select(table.c[name]))).scalars())

    async def commit_emitted(self, event: object) -> Row[Any]:
        """Emit `event` in a unit of work that commits; the one outbox row it wrote."""
        async with self.uow() as uow:
            uow.emit(event)
            await uow.commit()
        async with self.engine.connect() as connection:
            return (await connection.execute(select(self.outbox))).one()

    async def assert_nothing_relayed(self) -> None:
        """Assert that no unit of work wrote to the outbox, nor woke its relay."""
        assert await self.count(self.outbox) == 0
        assert self.wakeups == []

    async def assert_conflict(self, write: Callable[[Any], Awaitable[object]], match: str) -> None:
        """Assert that `write(uow)`, in a unit of work of its own, raises `Conflict` saying
        `match` (a regular expression, as `pytest.raises` takes it)."""
        async with self.uow() as uow:
            with pytest.raises(Conflict, match=match):
                await write(uow)
