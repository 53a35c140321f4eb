"""Outbox → bus → idempotent consumer: throughput and commit-to-consumed latency, both modes."""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

from common import context, percentile
from sqlalchemy import Column, Integer, MetaData, Table, insert

from flowloom.servicekit.database.engine import create_engine, session_factory
from flowloom.servicekit.database.inbox import idempotent
from flowloom.servicekit.database.outbox import OutboxRelay
from flowloom.servicekit.database.tables import message_tables
from flowloom.servicekit.database.uow import SqlAlchemyUnitOfWork
from flowloom.servicekit.messaging import Envelope, QueueBinding, create_bus
from flowloom.testkit import testing

metadata = MetaData()
effects = Table("effects", metadata, Column("n", Integer, primary_key=True))
tables = message_tables(metadata)


async def run(mode: str, database_url: str, bus_url: str, events: int) -> dict[str, object]:
    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    sessions = session_factory(engine)
    bus = create_bus(bus_url)
    await bus.start()
    relay = OutboxRelay(sessions, tables.outbox, bus)
    sent: dict[int, float] = {}
    latencies: list[float] = []
    done = asyncio.Event()

    def envelope(n: int) -> Envelope:
        return Envelope("bench.events", "thing.happened", "bench.Thing", str(n).encode())

    def uow() -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(sessions, tables, envelope, relay.notify)

    async def effect(message: Envelope) -> None:
        n = int(message.body)
        async with uow() as work:
            await work.session.execute(insert(effects).values(n=n))
            await work.commit()
        latencies.append(time.perf_counter() - sent[n])
        if len(latencies) == events:
            done.set()

    queue = f"bench.{int(time.time() * 1000)}"
    binding = QueueBinding(queue, "bench.events", ("thing.*",), prefetch=64)
    await bus.subscribe(binding, idempotent(queue, sessions, tables.inbox, effect))
    await relay.start()
    started = time.perf_counter()
    for n in range(events):
        async with uow() as work:
            work.emit(n)
            sent[n] = time.perf_counter()
            await work.commit()
    committed = time.perf_counter() - started
    await asyncio.wait_for(done.wait(), timeout=300)
    elapsed = time.perf_counter() - started
    await relay.stop()
    await bus.close()
    await engine.dispose()
    return {
        "bench": "outbox",
        "mode": mode,
        "events": events,
        "commits_per_s": round(events / committed, 1),
        "events_per_s": round(events / elapsed, 1),
        "latency_ms_p50": round(percentile(latencies, 0.50) * 1000, 2),
        "latency_ms_p95": round(percentile(latencies, 0.95) * 1000, 2),
        **context(),
    }


async def main(events: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        print(json.dumps(await run("embedded", url, "memory://bench", events)), flush=True)
    database = await testing.create_postgres_database("flowloom_bench")
    try:
        print(json.dumps(await run("distributed", database, testing.amqp_url(), events)))
    finally:
        await testing.drop_postgres_database(database)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--short", action="store_true", help="a quick run for CI")
    args = parser.parse_args()
    asyncio.run(main(300 if args.short else 3000))
