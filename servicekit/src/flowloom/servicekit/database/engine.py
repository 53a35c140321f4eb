"""Async engines for SQLite (aiosqlite) and PostgreSQL (asyncpg), chosen by URL."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiosqlite
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


BUSY_TIMEOUT = 30.0  # seconds a statement waits for another connection's write lock


def create_engine(
    url: str, *, echo: bool = False, pool_size: int = 5, max_overflow: int = 5
) -> AsyncEngine:
    """Build an engine; SQLite gets WAL, foreign keys, a busy timeout and inline statements.

    PostgreSQL: ``pool_size`` connections are kept open once used; up to ``max_overflow``
    more are opened for a burst and closed when given back (a connect costs about as much as
    a transaction, so a service that is often that busy wants a larger ``pool_size``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ":memory:"
        if database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            url, echo=echo, async_creator=lambda: InlineConnection.to(database)
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    engine = create_async_engine(url, echo=echo, pool_size=pool_size, max_overflow=max_overflow)
    event.listen(engine.sync_engine, "checkout", _refuse_closed)
    return engine


def _refuse_closed(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A pooled connection the server has closed (a restart, a terminated backend) is
    replaced before use: SQLAlchemy's pool retries the checkout on ``DisconnectionError``.

    Instead of ``pool_pre_ping``, whose asyncpg ping is three round trips (BEGIN, ``;``,
    ROLLBACK) before every transaction: asyncpg reads every open connection's socket, so a
    server's close is already known here (within a millisecond on loopback).
    """
    if dbapi_connection.driver_connection.is_closed():
        raise DisconnectionError("the database server closed this pooled connection")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Never wait inside SQLite: InlineConnection waits for a busy database without blocking
    # the event loop.
    cursor.execute("PRAGMA busy_timeout=0")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class InlineConnection(aiosqlite.Connection):
    """aiosqlite's connection with each statement run at once on the event loop's thread.

    aiosqlite hands every call (cursor, execute, fetch, close, commit) to a thread of its own
    and back: about seven hops per transaction, 1 ms on an idle machine and 3 ms on a busy
    loop, where SQLite itself needs tens of microseconds for a step's two updates and commit
    (WAL, ``synchronous=NORMAL``). Here the call runs inline. Waiting for another
    connection's write lock must not block the loop (that connection's transaction may be a
    coroutine of the same loop): SQLite's busy timeout is 0, and a statement refused with
    SQLITE_BUSY is retried after an asyncio sleep, for up to ``BUSY_TIMEOUT`` seconds, as the
    busy timeout did (nothing of a refused statement was applied). The aiosqlite thread still
    runs for the few calls SQLAlchemy queues to it directly (setting the isolation level).
    """

    @classmethod
    def to(cls, database: str) -> InlineConnection:
        def connector() -> sqlite3.Connection:
            return sqlite3.connect(database, timeout=0, check_same_thread=False)

        connection = cls(connector, iter_chunk_size=64)
        connection._thread.daemon = True  # as SQLAlchemy makes aiosqlite's own connections
        return connection

    async def _connect(self) -> InlineConnection:
        if self._connection is None:
            self._connection = await self._execute(self._connector)
        return self

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running:
            raise ValueError("Connection closed")
        deadline = time.monotonic() + BUSY_TIMEOUT
        delay = 0.0005
        while True:
            try:
                return fn(*args, **kwargs)
            except sqlite3.OperationalError as error:
                if not _busy(error) or time.monotonic() > deadline:
                    raise
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05)


def _busy(error: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY, not BUSY_SNAPSHOT (a stale read snapshot: retrying cannot help)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == sqlite3.SQLITE_BUSY and code != 517


async def engine_resource(url: str) -> AsyncIterator[AsyncEngine]:
    """dependency-injector Resource: the engine lives between init and shutdown of resources."""
    engine = create_engine(url)
    try:
        yield engine
    finally:
        await engine.dispose()


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
