"""Outbox, relay, inbox and unit of work against real databases and buses (both adapters)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Column, MetaData, String, Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from flowloom.servicekit.database.engine import create_engine, session_factory
from flowloom.servicekit.database.inbox import idempotent
from flowloom.servicekit.database.outbox import OutboxRelay
from flowloom.servicekit.database.tables import message_tables
from flowloom.servicekit.database.uow import SqlAlchemyUnitOfWork
from flowloom.servicekit.messaging import Envelope, MessageBus, QueueBinding, create_bus
from flowloom.testkit.testing import eventually

pytestmark = pytest.mark.integration

metadata = MetaData()
notes = Table("notes", metadata, Column("id", String(64), primary_key=True))
tables = message_tables(metadata)


@dataclass(frozen=True)
class NoteWritten:
    note_id: str


class NotesUnitOfWork(SqlAlchemyUnitOfWork):
    async def add_note(self, note_id: str) -> None:
        await self.session.execute(insert(notes).values(id=note_id))


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.drop_all)
        await connection.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
async def bus(bus_url: str) -> AsyncIterator[MessageBus]:
    bus = create_bus(bus_url)
    await bus.start()
    yield bus
    await bus.close()


@pytest.fixture
def exchange() -> str:
    return f"test-{uuid.uuid4().hex[:8]}.events"


def uow_factory(engine: AsyncEngine, exchange: str, relay: OutboxRelay | None = None):
    def to_envelope(event: NoteWritten) -> Envelope:
        return Envelope(exchange, "note.written", "test.NoteWritten", event.note_id.encode())

    notify = relay.notify if relay else (lambda: None)
    return lambda: NotesUnitOfWork(session_factory(engine), tables, to_envelope, notify)


async def outbox_empty(engine: AsyncEngine) -> bool:
    return await count(engine, tables.outbox) == 0


async def count(engine: AsyncEngine, table: Table) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(table)) or 0)


async def test_writes_state_and_outbox_together_when_committed(engine, exchange):
    async with uow_factory(engine, exchange)() as uow:
        await uow.add_note("a")
        uow.emit(NoteWritten("a"))
        await uow.commit()
    assert await count(engine, notes) == 1
    assert await count(engine, tables.outbox) == 1


async def test_writes_nothing_when_not_committed(engine, exchange):
    async with uow_factory(engine, exchange)() as uow:
        await uow.add_note("a")
        uow.emit(NoteWritten("a"))
    assert await count(engine, notes) == 0
    assert await count(engine, tables.outbox) == 0


async def test_relays_in_order_and_empties_outbox_when_bus_confirms(engine, bus, exchange):
    received: list[bytes] = []

    async def handle(envelope: Envelope) -> None:
        received.append(envelope.body)

    binding = QueueBinding(f"test.{exchange}.notes", exchange, ("note.*",))
    await bus.declare_exchange(exchange)
    await bus.subscribe(binding, handle)
    relay = OutboxRelay(session_factory(engine), tables.outbox, bus, batch_size=3)
    await relay.start()
    try:
        for note in ["n1", "n2", "n3", "n4", "n5"]:
            async with uow_factory(engine, exchange, relay)() as uow:
                uow.emit(NoteWritten(note))
                await uow.commit()
        await eventually(lambda: len(received) == 5)
        await eventually(lambda: outbox_empty(engine), within=30)
    finally:
        await relay.stop()
    assert received == [b"n1", b"n2", b"n3", b"n4", b"n5"]
    assert await count(engine, tables.outbox) == 0


class FlakyBus:
    """Delegates to a real bus but refuses the first `failures` publishes (a broker outage)."""

    def __init__(self, bus: MessageBus, failures: int) -> None:
        self._bus, self.failures = bus, failures

    async def publish(self, envelope: Envelope) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("broker unreachable")
        await self._bus.publish(envelope)


async def test_keeps_event_until_published_when_broker_is_down(engine, bus, exchange):
    received: list[bytes] = []

    async def handle(envelope: Envelope) -> None:
        received.append(envelope.body)

    await bus.declare_exchange(exchange)
    await bus.subscribe(QueueBinding(f"test.{exchange}.flaky", exchange, ("#",)), handle)
    flaky = FlakyBus(bus, failures=3)
    relay = OutboxRelay(session_factory(engine), tables.outbox, flaky, poll_interval=0.05)  # type: ignore[arg-type]
    async with uow_factory(engine, exchange)() as uow:
        uow.emit(NoteWritten("kept"))
        await uow.commit()
    await relay.start()
    try:
        await eventually(lambda: received == [b"kept"], within=30)
        # The consumer may see the message before the relay has deleted its row.
        await eventually(lambda: outbox_empty(engine), within=30)
    finally:
        await relay.stop()
    assert flaky.failures == 0
    assert await count(engine, tables.outbox) == 0


async def test_applies_effect_once_when_message_is_delivered_twice(engine, exchange):
    factory = uow_factory(engine, exchange)
    calls = 0

    async def write_note(envelope: Envelope) -> None:
        nonlocal calls
        calls += 1
        async with factory() as uow:
            await uow.add_note(envelope.body.decode())
            await uow.commit()

    handler = idempotent("test-consumer", session_factory(engine), tables.inbox, write_note)
    envelope = Envelope(exchange, "note.written", "test.NoteWritten", b"once")
    await handler(envelope)
    await handler(envelope)
    assert calls == 1
    assert await count(engine, notes) == 1
    assert await count(engine, tables.inbox) == 1


async def test_records_nothing_in_inbox_when_effect_fails(engine, exchange):
    factory = uow_factory(engine, exchange)

    async def failing(envelope: Envelope) -> None:
        async with factory() as uow:
            await uow.add_note("half")
            raise RuntimeError("boom")

    handler = idempotent("test-consumer", session_factory(engine), tables.inbox, failing)
    with pytest.raises(RuntimeError):
        await handler(Envelope(exchange, "note.written", "t", b"x"))
    assert await count(engine, notes) == 0
    assert await count(engine, tables.inbox) == 0
