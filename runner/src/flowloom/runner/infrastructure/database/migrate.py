"""Schema migrations of the runner database, run from code (no alembic.ini needed)."""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from flowloom.servicekit.database.engine import create_engine

MIGRATIONS = Path(__file__).with_name("migrations")
# Every replica takes the same PostgreSQL advisory lock, so only one migrates at a time.
_LOCK_KEY = zlib.crc32(b"flowloom.runner.migrations")
# Alembic keeps its running context in module globals: one migration per process at a time.
_IN_PROCESS = asyncio.Lock()


def alembic_config(database_url: str | None = None) -> Config:
    """A configuration built in code; ``database_url`` is only needed by Alembic's CLI paths."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if database_url is not None:
        # The value goes through configparser interpolation: escape URL-encoded characters.
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


async def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database at ``database_url`` to ``revision`` (idempotent, replica-safe)."""
    engine = create_engine(database_url)
    try:
        await upgrade_engine(engine, revision)
    finally:
        await engine.dispose()


async def upgrade_engine(engine: AsyncEngine, revision: str = "head") -> None:
    """Like `upgrade`, over an engine the caller already has."""
    async with _IN_PROCESS, engine.connect() as connection:
        await connection.run_sync(_upgrade, revision)


def _upgrade(connection: Connection, revision: str) -> None:
    with _migration_lock(connection):
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        if connection.in_transaction():
            connection.commit()


@contextmanager
def _migration_lock(connection: Connection) -> Iterator[None]:
    """Serialize replicas on PostgreSQL; a session-level lock outlives the transactions."""
    if connection.dialect.name != "postgresql":
        yield
        return
    connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _LOCK_KEY})
    connection.commit()
    try:
        yield
    finally:
        if connection.in_transaction():
            connection.rollback()
        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _LOCK_KEY})
        connection.commit()


async def current_revision(database_url: str) -> str | None:
    """The revision the database is at; None when it was never migrated."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_current_revision)
    finally:
        await engine.dispose()


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    """The newest revision shipped with this code."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migration found in {MIGRATIONS}")
    return head
