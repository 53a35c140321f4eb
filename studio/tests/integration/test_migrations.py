"""The alembic migrations build exactly the declared schema, idempotently, on both databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from flowloom.servicekit.database.engine import create_engine
from flowloom.studio.infrastructure.database.migrate import (
    current_revision,
    head_revision,
    upgrade,
)
from flowloom.studio.infrastructure.database.tables import metadata

pytestmark = pytest.mark.integration


def schema_diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


async def test_schema_equals_metadata_when_migrated_twice(database_url: str) -> None:
    assert await current_revision(database_url) is None
    await upgrade(database_url)
    await upgrade(database_url)

    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(schema_diff) == []
            assert await connection.run_sync(table_names) == set(metadata.tables)
    finally:
        await engine.dispose()
    assert await current_revision(database_url) == head_revision() == "0001"
