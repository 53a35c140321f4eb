"""What every service's migration tests do with a database: run synchronous work on a
connection, compare the migrated schema with the declared tables, list the tables, migrate
twice and report, downgrade (to base, or to a revision), and upgrade from several processes at
once; `MigrationLifecycle`, the tests they pass alike."""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect
from sqlalchemy.engine import Connection

from flowloom.servicekit.database.engine import create_engine
from flowloom.servicekit.database.migrations import Migrations

T = TypeVar("T")


async def run_on(database_url: str, work: Callable[[Connection], T]) -> T:
    """``work(connection)`` on a connection of its own to ``database_url``."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(work)
    finally:
        await engine.dispose()


def schema_diff(metadata: MetaData) -> Callable[[Connection], list[Any]]:
    """What tells the migrated schema apart from ``metadata`` (types compared): [] when equal."""

    def diff(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    return diff


def table_names(connection: Connection) -> set[str]:
    """The tables of the database, Alembic's own version table aside."""
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


@dataclass(frozen=True, slots=True)
class Migrated:
    """A database after `migrated_twice`."""

    differences: list[Any]  # `schema_diff`: [] when the schema is the declared one
    tables: set[str]  # `table_names`
    revision: str | None
    head: str


async def migrated_twice(migrations: Migrations, metadata: MetaData, database_url: str) -> Migrated:
    """Upgrade ``database_url`` to the head twice (the second run has nothing to do), then
    what the tests compare: the schema against ``metadata``, the tables, the revision."""
    await migrations.upgrade(database_url)
    await migrations.upgrade(database_url)
    return Migrated(
        differences=await run_on(database_url, schema_diff(metadata)),
        tables=await run_on(database_url, table_names),
        revision=await migrations.current_revision(database_url),
        head=migrations.head_revision(),
    )


def downgraded_to_base(config: Callable[[], Config]) -> Callable[[Connection], set[str]]:
    """Downgrade every migration of ``config()`` on the connection; the tables left."""
    return downgraded_to(config, "base")


def downgraded_to(config: Callable[[], Config], revision: str) -> Callable[[Connection], set[str]]:
    """Downgrade the migrations of ``config()`` after ``revision`` on the connection (a data
    migration's way back); the tables left."""

    def downgrade(connection: Connection) -> set[str]:
        alembic = config()
        alembic.attributes["connection"] = connection
        command.downgrade(alembic, revision)
        if connection.in_transaction():
            connection.commit()
        return table_names(connection)

    return downgrade


async def upgrade_in_processes(module: str, database_url: str, replicas: int) -> list[int]:
    """Start ``replicas`` processes that each run ``module.upgrade(database_url)`` at once (as
    replicas of a service starting together); their exit codes."""
    script = f"import asyncio, {module} as m; asyncio.run(m.upgrade({database_url!r}))"
    started = [
        await asyncio.create_subprocess_exec(sys.executable, "-c", script) for _ in range(replicas)
    ]
    return [await process.wait() for process in started]


class MigrationLifecycle:
    """The tests every service's migrations pass alike. A test module subclasses it as
    `Test…`, naming its `migrate` module (which holds `MIGRATIONS`, and whose `upgrade`
    replicas run), its `declared` metadata and how many `replicas` race (on PostgreSQL: SQLite
    serves one process)."""

    migrate: ClassVar[str]
    declared: ClassVar[MetaData]
    replicas: ClassVar[int]

    def migrations(self) -> Migrations:
        migrations: Migrations = importlib.import_module(self.migrate).MIGRATIONS
        return migrations

    @pytest.mark.slow
    async def test_migrates_once_when_replicas_start_together(self, postgres_url: str) -> None:
        exits = await upgrade_in_processes(self.migrate, postgres_url, self.replicas)
        assert exits == [0] * self.replicas
        migrations = self.migrations()
        assert await migrations.current_revision(postgres_url) == migrations.head_revision()
        assert await run_on(postgres_url, schema_diff(self.declared)) == []

    async def test_drops_every_table_when_downgraded_to_base(self, database_url: str) -> None:
        migrations = self.migrations()
        await migrations.upgrade(database_url)

        assert await run_on(database_url, downgraded_to_base(migrations.alembic_config)) == set()
        assert await migrations.current_revision(database_url) is None
