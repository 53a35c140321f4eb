"""Leases: one holder at a time, a standby takes over when the holder goes, and a holder whose
lease was taken while its connection was away learns it (PostgreSQL advisory lock; file lock)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import text

from flowloom.servicekit.database import engine as engines
from flowloom.servicekit.database.lease import (
    AdvisoryLease,
    FileLease,
    SoleLease,
    lease_for,
    lease_id,
)
from flowloom.testkit import testing

POLL = 0.05


async def test_one_advisory_lease_holder_at_a_time_and_a_standby_takes_over(
    postgres_url: str,
) -> None:
    one, two = (engines.create_engine(postgres_url) for _ in range(2))
    holder, standby = AdvisoryLease(one, "lease-test"), AdvisoryLease(two, "lease-test")
    try:
        assert await holder.try_take()
        assert not await standby.try_take()
        waiting = asyncio.create_task(standby.take(POLL))
        await asyncio.sleep(5 * POLL)
        assert not waiting.done()
        await holder.release()
        await asyncio.wait_for(waiting, 10)
        assert standby.held
        assert not await holder.try_take()
    finally:
        await holder.release()
        await standby.release()
        await one.dispose()
        await two.dispose()


async def test_a_holder_whose_connection_broke_learns_that_another_took_the_lease(
    postgres_url: str,
) -> None:
    one, two = (engines.create_engine(postgres_url) for _ in range(2))
    admin = engines.create_engine(testing.postgres_admin_url())
    holder, standby = AdvisoryLease(one, "lease-cut"), AdvisoryLease(two, "lease-cut")
    try:
        assert await holder.try_take()
        watching = asyncio.create_task(holder.watch(POLL))
        async with admin.begin() as connection:
            pid = await _holder_pid(connection, "lease-cut")
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        await standby.take(POLL)  # its session ended: the lock went with it
        await asyncio.wait_for(watching, 10)  # the holder cannot take it back: it must stop
        assert not holder.held
        assert standby.held
    finally:
        await holder.release()
        await standby.release()
        for engine in (one, two, admin):
            await engine.dispose()


async def test_a_holder_whose_connection_broke_takes_its_lease_again_when_nobody_did(
    postgres_url: str,
) -> None:
    one = engines.create_engine(postgres_url)
    admin = engines.create_engine(testing.postgres_admin_url())
    holder = AdvisoryLease(one, "lease-back")
    try:
        assert await holder.try_take()
        watching = asyncio.create_task(holder.watch(POLL))
        async with admin.begin() as connection:
            pid = await _holder_pid(connection, "lease-back")
            assert pid is not None
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

        async def retaken() -> bool:
            async with admin.begin() as connection:
                return await _holder_pid(connection, "lease-back") not in (None, pid)

        await testing.eventually(retaken, within=10)
        assert holder.held
        assert not watching.done()
        watching.cancel()
    finally:
        await holder.release()
        await one.dispose()
        await admin.dispose()


async def _holder_pid(connection: object, name: str) -> int | None:
    """The backend holding the lease ``name`` (a 64-bit advisory key: classid holds its high
    32 bits, objid its low ones)."""
    key = lease_id(name) & 0xFFFFFFFFFFFFFFFF
    found = await connection.execute(  # type: ignore[attr-defined]
        text(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND classid::bigint = :high AND objid::bigint = :low AND objsubid = 1"
        ),
        {"high": key >> 32, "low": key & 0xFFFFFFFF},
    )
    row = found.first()
    return None if row is None else int(row[0])


async def test_one_file_lease_holder_at_a_time(tmp_path: Path) -> None:
    holder, standby = FileLease(tmp_path / "x.lease"), FileLease(tmp_path / "x.lease")
    assert await holder.try_take()
    assert not await standby.try_take()
    await holder.release()
    assert await standby.try_take()
    await standby.release()


def test_a_sqlite_file_database_gets_a_file_lease_and_an_in_memory_one_its_own() -> None:
    engine = engines.create_engine("sqlite+aiosqlite:///:memory:")
    assert isinstance(lease_for(engine, "sqlite+aiosqlite:///:memory:", "runner"), SoleLease)
    lease = lease_for(engine, "sqlite+aiosqlite:////data/runner.db", "runner")
    assert isinstance(lease, FileLease)
    assert lease._path == Path("/data/.runner.lease")
