"""SQLite statements run on the event loop's thread, and wait for a busy database without
blocking it."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from flowloom.servicekit.database import engine as engines


async def test_write_waits_for_another_writer_that_the_same_loop_lets_finish(
    tmp_path: Path,
) -> None:
    path = tmp_path / "db.sqlite"
    engine = engines.create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (x INTEGER)"))
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")  # holds the write lock

        async def finish_other() -> None:
            await asyncio.sleep(0.3)  # runs only if the waiting write leaves the loop free
            other.execute("INSERT INTO t VALUES (1)")
            other.execute("COMMIT")

        async def write() -> None:
            async with engine.begin() as connection:
                await connection.execute(text("INSERT INTO t VALUES (2)"))

        await asyncio.gather(finish_other(), write())
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT x FROM t ORDER BY x"))).scalars()
            assert list(rows) == [1, 2]
        other.close()
    finally:
        await engine.dispose()


async def test_write_fails_as_locked_when_the_database_stays_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engines, "BUSY_TIMEOUT", 0.2)
    path = tmp_path / "db.sqlite"
    engine = engines.create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE t (x INTEGER)"))
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(OperationalError, match="database is locked"):
            async with engine.begin() as connection:
                await connection.execute(text("INSERT INTO t VALUES (2)"))
        other.execute("ROLLBACK")
        other.close()
    finally:
        await engine.dispose()
