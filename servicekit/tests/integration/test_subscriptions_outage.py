"""A message consumed while the service's PostgreSQL is down (killed -9) is applied once it is
back: held unacknowledged and tried again in place, never dead-lettered (every service's
subscriptions go through servicekit's ``subscribe_all``)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import Column, MetaData, String, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from flowloom.servicekit.database.engine import create_engine, session_factory
from flowloom.servicekit.database.errors import database_unavailable
from flowloom.servicekit.database.tables import message_tables
from flowloom.servicekit.database.uow import SqlAlchemyUnitOfWork
from flowloom.servicekit.messaging import Envelope
from flowloom.servicekit.messaging.memory import MemoryBus
from flowloom.servicekit.messaging.subscriptions import Subscription, subscribe_all
from flowloom.servicekit.outages import OutageRetry, SystemPauses
from flowloom.testkit import testing
from flowloom.testkit.faults import PrivatePostgres

pytestmark = [pytest.mark.integration, pytest.mark.slow]

OUTAGE_SECONDS = 3.0  # the memory bus dead-letters a failing message after 5 deliveries, ~1 s
metadata = MetaData()
notes = Table("notes", metadata, Column("id", String(64), primary_key=True))
tables = message_tables(metadata)


class NotesUnitOfWork(SqlAlchemyUnitOfWork):
    async def add_note(self, note_id: str) -> None:
        await self.session.execute(insert(notes).values(id=note_id))


async def count(engine: AsyncEngine, table: Table) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(table)) or 0)


async def test_applies_a_message_once_when_the_database_comes_back(
    private_postgres: PrivatePostgres,
) -> None:
    url = await testing.create_postgres_database("subscriptions_outage", private_postgres.url())
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    sessions = session_factory(engine)
    applied: list[str] = []

    async def note_written(envelope: Envelope) -> None:
        applied.append(envelope.message_id)
        async with NotesUnitOfWork(sessions, tables, lambda event: event) as uow:
            await uow.add_note(envelope.body.decode())
            await uow.commit()

    bus = MemoryBus("memory://subscriptions-outage")
    await bus.start()
    outages = OutageRetry(database_unavailable, SystemPauses(), first=0.1, longest=0.5)
    subscription = Subscription("notes", "writer", "note.written", note_written)
    await subscribe_all(bus, sessions, tables.inbox, [subscription], outages)
    try:
        await asyncio.to_thread(private_postgres.kill)
        try:
            await bus.publish(Envelope("writer.events", "note.written", "t", b"n-1", "m-1"))
            await asyncio.sleep(OUTAGE_SECONDS)
            assert applied == []  # the inbox check meets the outage first: nothing ran yet
        finally:
            await asyncio.to_thread(private_postgres.start)

        async def stored() -> bool:
            return await count(engine, notes) == 1

        await testing.eventually(stored, within=30, step=0.1)
        assert applied == ["m-1"]
        assert await bus.dead_letters(subscription.binding()) == []
        assert await count(engine, tables.inbox) == 1
    finally:
        await bus.close()
        await engine.dispose()
