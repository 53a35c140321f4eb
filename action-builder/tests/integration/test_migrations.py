"""Alembic migrations build exactly the builder's declared schema, and only once."""

from __future__ import annotations

import pytest

from flowloom.action_builder.infrastructure.database.migrate import (
    current_revision,
    head_revision,
    upgrade,
)
from flowloom.action_builder.infrastructure.database.tables import metadata
from flowloom.testkit.migrations import (
    run_on,
    schema_diff,
    table_names,
)

pytestmark = pytest.mark.integration


async def test_schema_equals_metadata_when_migrated(database_url: str) -> None:
    await upgrade(database_url)
    await upgrade(database_url)  # a second run is a no-op

    assert await run_on(database_url, schema_diff(metadata)) == []
    assert await run_on(database_url, table_names) == {
        "ended_builds",
        "outbox_messages",
        "inbox_messages",
    }
    assert await current_revision(database_url) == head_revision()
