"""Alembic migrations build exactly the declared schema, and only once."""

from __future__ import annotations

import pytest

from flowloom.repository.infrastructure.database.migrate import MIGRATIONS
from flowloom.repository.infrastructure.database.tables import metadata
from flowloom.testkit.migrations import migrated_twice

pytestmark = pytest.mark.integration


async def test_schema_equals_metadata_when_migrated(database_url: str) -> None:
    migrated = await migrated_twice(MIGRATIONS, metadata, database_url)  # the second run: a no-op

    assert migrated.differences == []
    assert migrated.tables == {
        "sources", "scans", "actions", "builds", "outbox_messages", "inbox_messages",
        "token_revocations",
    }  # fmt: skip
    assert migrated.revision == migrated.head
