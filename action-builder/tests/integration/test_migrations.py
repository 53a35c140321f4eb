"""Alembic migrations build exactly the builder's declared schema, and only once."""

from __future__ import annotations

import pytest

from flowloom.action_builder.infrastructure.database.migrate import MIGRATIONS
from flowloom.action_builder.infrastructure.database.tables import metadata
from flowloom.testkit.migrations import migrated_twice

pytestmark = pytest.mark.integration


async def test_schema_equals_metadata_when_migrated(database_url: str) -> None:
    migrated = await migrated_twice(MIGRATIONS, metadata, database_url)  # the second run: a no-op

    assert migrated.differences == []
    assert migrated.tables == {
        "ended_builds",
        "outbox_messages",
        "inbox_messages",
    }
    assert migrated.revision == migrated.head
