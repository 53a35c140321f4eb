"""Alembic migrations build exactly the builder's declared schema, and only once."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from flowloom.action_builder.infrastructure.database.migrate import (
    current_revision,
    head_revision,
    upgrade,
)
from flowloom.action_builder.infrastructure.database.tables import metadata
from flowloom.servicekit.database.engine import create_engine

pytestmark = pytest.mark.integration


async def run_on(database_url: str, work: Any) -> Any:
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


async def test_schema_equals_metadata_when_migrated(database_url: str) -> None:
    await upgrade(database_url)
    await upgrade(database_url)  # a second run is a no-op

    assert await run_on(database_url, schema_diff) == []
    assert await run_on(database_url, table_names) == {
        "ended_builds",
        "outbox_messages",
        "inbox_messages",
    }
    assert await current_revision(database_url) == head_revision()
