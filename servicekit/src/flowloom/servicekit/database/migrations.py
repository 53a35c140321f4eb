"""Alembic migrations run from code (no alembic.ini): safe across replicas and services."""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command, context
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from flowloom.servicekit.database.engine import create_engine

# Alembic keeps its running context in module globals: one migration per process at a time,
# whichever service it belongs to (embedded mode migrates every service in one process).
_IN_PROCESS = asyncio.Lock()


class Migrations:
    """One service's migration scripts; every replica takes the same PostgreSQL advisory lock
    (derived from `lock_name`), so only one migrates at a time."""

    def __init__(self, script_location: Path, lock_name: str) -> None:
        self.script_location = script_location
        self._lock_key = zlib.crc32(lock_name.encode())

    def alembic_config(self, database_url: str | None = None) -> Config:
        """A configuration built in code; `database_url` only serves Alembic's CLI paths."""
        config = Config()
        config.set_main_option("script_location", str(self.script_location))
        if database_url is not None:
            # The value goes through configparser interpolation: escape URL-encoded characters.
            config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
        return config

    async def upgrade(
        self,
        database_url: str,
        revision: str = "head",
        attributes: Mapping[str, Any] | None = None,
    ) -> None:
        """Bring the database at `database_url` to `revision` (idempotent, replica-safe).

        `attributes` reach the migration scripts (`context.config.attributes`): what a data
        migration needs that the database does not hold, such as a key that seals a column."""
        engine = create_engine(database_url)
        try:
            await self.upgrade_engine(engine, revision, attributes)
        finally:
            await engine.dispose()

    async def upgrade_engine(
        self,
        engine: AsyncEngine,
        revision: str = "head",
        attributes: Mapping[str, Any] | None = None,
    ) -> None:
        async with _IN_PROCESS, engine.connect() as connection:
            await connection.run_sync(self._upgrade, revision, dict(attributes or {}))

    def _upgrade(self, connection: Connection, revision: str, attributes: dict[str, Any]) -> None:
        with self._lock(connection):
            config = self.alembic_config()
            config.attributes.update(attributes)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            if connection.in_transaction():
                connection.commit()

    @contextmanager
    def _lock(self, connection: Connection) -> Iterator[None]:
        """Serialize replicas on PostgreSQL; a session-level lock outlives the transactions."""
        if connection.dialect.name != "postgresql":
            yield
            return
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": self._lock_key})
        connection.commit()
        try:
            yield
        finally:
            if connection.in_transaction():
                connection.rollback()
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self._lock_key})
            connection.commit()

    async def current_revision(self, database_url: str) -> str | None:
        """The revision the database is at; None when it was never migrated."""
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(
                    lambda c: MigrationContext.configure(c).get_current_revision()
                )
        finally:
            await engine.dispose()

    def head_revision(self) -> str:
        """The newest revision shipped with this code."""
        head = ScriptDirectory.from_config(self.alembic_config()).get_current_head()
        if head is None:
            raise RuntimeError(f"no migration found in {self.script_location}")
        return head


def run_environment(metadata: MetaData) -> None:
    """The body of a service's `migrations/env.py`: online over the connection handed in by
    `Migrations`, online from a URL (Alembic's CLI), or offline (`alembic upgrade --sql`)."""
    config = context.config
    connection = config.attributes.get("connection")
    url = config.get_main_option("sqlalchemy.url") or ""
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
    elif isinstance(connection, Connection):
        _run_with(connection, metadata)
    else:
        asyncio.run(_run_with_url(url, metadata))


def _run_with(connection: Connection, metadata: MetaData) -> None:
    """Migrate over an open connection; SQLite alters tables by copying them (batch mode)."""
    is_sqlite = connection.dialect.name == "sqlite"
    if is_sqlite:
        # Batch mode drops the old copy of a table: with foreign keys on, that would cascade.
        _sqlite_foreign_keys(connection, enabled=False)
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=is_sqlite,
        compare_type=True,
    )
    try:
        with context.begin_transaction():
            context.run_migrations()
    finally:
        if is_sqlite:
            _sqlite_foreign_keys(connection, enabled=True)


def _sqlite_foreign_keys(connection: Connection, *, enabled: bool) -> None:
    # The pragma is ignored inside a transaction, so end any before and after.
    if connection.in_transaction():
        connection.commit()
    connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if enabled else 'OFF'}")
    connection.commit()


async def _run_with_url(url: str, metadata: MetaData) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run_with, metadata)
    finally:
        await engine.dispose()
