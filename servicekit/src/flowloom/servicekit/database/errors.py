"""Whether an error means the database cannot be reached now (an outage), not a bad request."""

from __future__ import annotations

import sqlite3
from types import TracebackType

import asyncpg
from sqlalchemy import exc

# PostgreSQL error classes of an outage: 08 connection exception, 57 operator intervention
# (shutting down, starting up, crash), 53 insufficient resources (too many connections).
_POSTGRES_OUTAGES = (
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.InsufficientResourcesError,
)
# SQLite primary result codes of an unreachable file, not of a bad statement ("no such table").
_SQLITE_OUTAGES = frozenset(
    {
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_FULL,
    }
)
# Where a pooled connection is opened: an OSError raised through them is a failed connect.
_CONNECTING_MODULES = ("sqlalchemy.pool", "asyncpg.connect_utils", "asyncpg.connection")


def database_unavailable(error: BaseException) -> bool:
    """True when `error`, or an error it was raised from, says the database server cannot be
    reached now (refused or lost connection, shutting down, starting up, out of connections,
    SQLite file busy or unreadable): worth answering 503 and retrying, unlike a bad statement or
    a violated constraint."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _outage(current):
            return True
        current = current.__cause__
    return False


def _outage(error: BaseException) -> bool:
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated:
            return True
        if isinstance(error, exc.OperationalError | exc.InterfaceError):
            return _sqlite_outage(error.orig) if isinstance(error.orig, sqlite3.Error) else True
        return error.orig is not None and database_unavailable(error.orig)
    if isinstance(error, _POSTGRES_OUTAGES):
        return True
    if isinstance(error, sqlite3.OperationalError):
        return _sqlite_outage(error)
    if isinstance(error, OSError):  # refused, reset, timed out, unknown host…
        return _raised_while_connecting(error.__traceback__)
    return False


def _sqlite_outage(error: BaseException) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _SQLITE_OUTAGES


def _raised_while_connecting(traceback: TracebackType | None) -> bool:
    while traceback is not None:
        module = str(traceback.tb_frame.f_globals.get("__name__", ""))
        if module.startswith(_CONNECTING_MODULES):
            return True
        traceback = traceback.tb_next
    return False
