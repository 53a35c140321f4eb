"""Environment locks across builder processes sharing a PostgreSQL database: advisory locks."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from flowloom.action_builder.domain.ports import EnvironmentLocks
from flowloom.action_builder.infrastructure.locks import KeyLocks

TRY_LOCK = text("SELECT pg_try_advisory_lock(:id)")
UNLOCK = text("SELECT pg_advisory_unlock(:id)")


def lock_id(key: str) -> int:
    """The advisory lock (a signed 64-bit number) of an environment cache key."""
    digest = hashlib.sha256(f"flowloom.action_builder.environment:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class AdvisoryEnvironmentLocks(EnvironmentLocks):
    """A session-level advisory lock per key, held on a connection of its own (autocommit:
    never idle in a transaction) while a build makes the environment. A builder that dies
    loses its connection, hence its locks. In the process, `KeyLocks` first: one connection
    per key waits (polling `pg_try_advisory_lock`), not one per build."""

    def __init__(self, engine: AsyncEngine, poll_seconds: float = 0.5) -> None:
        self._engine = engine
        self._poll_seconds = poll_seconds
        self._local = KeyLocks()

    def hold(self, key: str, waiting: Callable[[], None]) -> AbstractAsyncContextManager[None]:
        return self._held(key, waiting)

    @asynccontextmanager
    async def _held(self, key: str, waiting: Callable[[], None]) -> AsyncIterator[None]:
        told = False

        def once() -> None:
            nonlocal told
            if not told:
                told = True
                waiting()

        number = lock_id(key)
        async with self._local.hold(key, once), self._engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            while not await connection.scalar(TRY_LOCK, {"id": number}):
                once()
                await asyncio.sleep(self._poll_seconds)
            try:
                yield
            finally:
                await _release(connection, number)


async def _release(connection: AsyncConnection, number: int) -> None:
    """Unlock; a connection that cannot is closed instead (which drops its locks), never
    handed back to the pool still holding one."""
    try:
        await connection.scalar(UNLOCK, {"id": number})
    except BaseException:
        await connection.invalidate()
        raise
