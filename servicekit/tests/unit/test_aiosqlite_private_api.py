"""The private aiosqlite API `InlineConnection` overrides is still there, with the same shape.

`database.engine.InlineConnection` subclasses `aiosqlite.Connection` and replaces its private
`_connect` and `_execute`, reads `_connector`, `_connection`, `_running` and sets `_thread`.
aiosqlite is pinned below its next major (servicekit/pyproject.toml); these tests fail first
when an upgrade moves any of it, before a statement silently goes back to aiosqlite's thread.
"""

from __future__ import annotations

import inspect
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiosqlite
from sqlalchemy import text

from flowloom.servicekit.database.engine import InlineConnection, create_engine


def test_connection_is_built_from_a_connector_and_a_chunk_size() -> None:
    parameters = list(inspect.signature(aiosqlite.Connection.__init__).parameters)
    assert parameters[:3] == ["self", "connector", "iter_chunk_size"]


def test_a_new_connection_holds_the_attributes_the_engine_reads() -> None:
    def connector() -> sqlite3.Connection:
        return sqlite3.connect(":memory:")

    connection = aiosqlite.Connection(connector, iter_chunk_size=64)
    assert connection._connector is connector
    assert connection._connection is None
    assert connection._running is True
    assert isinstance(connection._thread, threading.Thread)
    assert not connection._thread.is_alive()


def test_connect_and_execute_are_the_coroutines_the_engine_overrides() -> None:
    for name in ("_connect", "_execute"):
        assert inspect.iscoroutinefunction(getattr(aiosqlite.Connection, name)), name
    parameters = inspect.signature(aiosqlite.Connection._execute).parameters
    kinds = [parameter.kind for parameter in parameters.values()]
    assert kinds == [
        inspect.Parameter.POSITIONAL_OR_KEYWORD,  # self
        inspect.Parameter.POSITIONAL_OR_KEYWORD,  # fn
        inspect.Parameter.VAR_POSITIONAL,
        inspect.Parameter.VAR_KEYWORD,
    ]


class _Recording(InlineConnection):
    """Notes the thread every call handed to `_execute` runs on."""

    threads: list[int]

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        def recorded(*a: Any, **k: Any) -> Any:
            self.threads.append(threading.get_ident())
            return fn(*a, **k)

        return await super()._execute(recorded, *args, **kwargs)


async def test_every_call_goes_through_execute_and_runs_on_the_loop_thread(
    tmp_path: Path,
) -> None:
    connection = _Recording.to(str(tmp_path / "inline.db"))
    connection.threads = []
    await connection  # aiosqlite's __await__ starts its thread, then calls our _connect
    await connection.execute("CREATE TABLE t (n INTEGER)")
    await connection.execute("INSERT INTO t VALUES (1)")
    await connection.commit()
    cursor = await connection.execute("SELECT n FROM t")
    assert await cursor.fetchall() == [(1,)]
    await cursor.close()
    await connection.close()
    loop_thread = threading.get_ident()
    # connect, create, insert, commit, select, fetchall, cursor close, close
    assert len(connection.threads) >= 8
    assert set(connection.threads) == {loop_thread}


async def test_an_engine_on_sqlite_answers_through_the_inline_connection(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'engine.db'}")
    try:
        async with engine.connect() as connection:
            driver = (await connection.get_raw_connection()).driver_connection
            assert isinstance(driver, InlineConnection)
            assert (await connection.execute(text("SELECT 1"))).scalar() == 1
    finally:
        await engine.dispose()
