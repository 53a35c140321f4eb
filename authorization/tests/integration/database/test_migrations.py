"""Alembic migrations: they build exactly the declared schema, once, even when raced."""

from __future__ import annotations

import asyncio
import sys

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from flowloom.authorization.infrastructure.database.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade,
)
from flowloom.authorization.infrastructure.database.tables import metadata
from flowloom.servicekit.database.engine import create_engine

pytestmark = pytest.mark.integration


async def run_on(database_url: str, work):  # type: ignore[no-untyped-def]
    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(work)
    finally:
        await engine.dispose()


def schema_diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


async def test_schema_equals_metadata_when_migrated(database_url):
    await upgrade(database_url)

    assert await run_on(database_url, schema_diff) == []


async def test_reports_no_revision_when_database_was_never_migrated(database_url):
    assert await current_revision(database_url) is None


async def test_reports_head_revision_when_migrated(database_url):
    await upgrade(database_url)

    assert await current_revision(database_url) == head_revision() == "0001"


async def test_changes_nothing_when_upgraded_twice(database_url):
    await upgrade(database_url)
    await upgrade(database_url)

    assert await run_on(database_url, schema_diff) == []


async def test_migrates_once_when_called_concurrently_in_one_process(database_url):
    await asyncio.gather(*(upgrade(database_url) for _ in range(3)))

    assert await current_revision(database_url) == head_revision()
    assert await run_on(database_url, schema_diff) == []


# postgres_url (servicekit's fixture): replicas only share PostgreSQL, SQLite serves one process.
@pytest.mark.slow
async def test_migrates_once_when_replicas_start_together(postgres_url):
    module = "flowloom.authorization.infrastructure.database.migrate"
    script = f"import asyncio, {module} as m; asyncio.run(m.upgrade({postgres_url!r}))"
    replicas = [
        await asyncio.create_subprocess_exec(sys.executable, "-c", script) for _ in range(4)
    ]

    assert [await replica.wait() for replica in replicas] == [0] * len(replicas)
    assert await current_revision(postgres_url) == head_revision()
    assert await run_on(postgres_url, schema_diff) == []


async def test_drops_every_table_when_downgraded_to_base(database_url):
    await upgrade(database_url)

    def downgrade(connection: Connection) -> set[str]:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        if connection.in_transaction():
            connection.commit()
        return table_names(connection)

    assert await run_on(database_url, downgrade) == set()
    assert await current_revision(database_url) is None
