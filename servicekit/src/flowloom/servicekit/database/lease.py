"""A lease: at most one process of a service is active on a database, the others wait as
standbys and take over when the holder goes.

On PostgreSQL the lease is a session-level advisory lock held on a connection of its own
(autocommit), which the server drops with the session when the holder dies or loses its
connection. On SQLite (one machine: the embedded platform) it is an exclusive ``flock`` on a
file beside the database, which the kernel drops when the holder's process ends; an in-memory
database belongs to its process alone.

A holder that loses its lease (its lease connection broke: a database outage, a network cut)
tries to take it again as soon as the database answers; ``watch`` returns only when another
process holds it by then, and the holder must stop. Between the database coming back and the
holder taking the lease again, a standby polling at the same moment can win: that window is a
poll interval long, and the holder stops as soon as it sees the lease taken.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import fcntl
import hashlib
import logging
import os
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

TRY_LOCK = text("SELECT pg_try_advisory_lock(:id)")
ALIVE = text("SELECT 1")


def lease_id(name: str) -> int:
    """The advisory lock number (a signed 64-bit integer) of a lease name."""
    digest = hashlib.sha256(f"flowloom.lease:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class Lease(abc.ABC):
    """Held by one process at a time; ``held`` says whether this one holds it."""

    held: bool = False

    @abc.abstractmethod
    async def try_take(self) -> bool:
        """Take the lease if it is free; whether this process holds it now."""

    async def take(self, poll_seconds: float) -> None:
        """Wait (as a standby) until this process holds the lease."""
        while not await self.try_take():  # noqa: ASYNC110 (polling another process's lock)
            await asyncio.sleep(poll_seconds)

    @abc.abstractmethod
    async def watch(self, poll_seconds: float) -> None:
        """Return when this process has lost the lease to another (it must stop)."""

    @abc.abstractmethod
    async def release(self) -> None:
        """Give the lease up (at shutdown)."""


class AdvisoryLease(Lease):
    """A PostgreSQL session-level advisory lock on a connection of its own."""

    def __init__(self, engine: AsyncEngine, name: str) -> None:
        self._engine = engine
        self._id = lease_id(name)
        self._connection: AsyncConnection | None = None

    async def try_take(self) -> bool:
        try:
            if self._connection is None:
                self._connection = await self._engine.connect()
                await self._connection.execution_options(isolation_level="AUTOCOMMIT")
            self.held = bool(await self._connection.scalar(TRY_LOCK, {"id": self._id}))
        except Exception as error:  # the database is down: not held, try again later
            log.warning("lease: the database does not answer (%s)", type(error).__name__)
            await self._drop()
        return self.held

    async def watch(self, poll_seconds: float) -> None:
        while True:
            await asyncio.sleep(poll_seconds)
            try:
                assert self._connection is not None
                await self._connection.scalar(ALIVE)
                continue  # the session lives: so does its lock
            except Exception as error:
                log.warning("lease: its connection broke (%s)", type(error).__name__)
                await self._drop()
            while not await self.try_take():
                if self._connection is not None:  # the database answers: another holds it
                    log.error("lease: another process took it while the database was away")
                    return
                await asyncio.sleep(poll_seconds)
            log.info("lease: taken again once the database answered")

    async def release(self) -> None:
        await self._drop()  # closing the session drops its locks

    async def _drop(self) -> None:
        self.held = False
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.invalidate()
            with contextlib.suppress(Exception):
                await connection.close()


class SoleLease(Lease):
    """An in-memory database is the process's own: nobody else can share it."""

    held = True

    async def try_take(self) -> bool:
        return True

    async def watch(self, poll_seconds: float) -> None:
        await asyncio.Event().wait()

    async def release(self) -> None:
        return None


class FileLease(Lease):
    """An exclusive ``flock`` on ``path``, held while the file stays open."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None

    async def try_take(self) -> bool:
        if self._fd is None:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        self.held = True
        return True

    async def watch(self, poll_seconds: float) -> None:
        await asyncio.Event().wait()  # a kernel lock is held until the process ends

    async def release(self) -> None:
        self.held = False
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the file drops its lock


def lease_for(engine: AsyncEngine, url: str, name: str) -> Lease:
    """The lease ``name`` on the database at ``url``: a file lock beside a SQLite database
    (in its directory, for an in-memory one the working directory), else an advisory lock."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return AdvisoryLease(engine, name)
    database = parsed.database or ""
    if not database or database == ":memory:" or parsed.query.get("mode") == "memory":
        return SoleLease()
    return FileLease(Path(database).parent / f".{name}.lease")
