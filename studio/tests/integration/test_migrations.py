"""The alembic migrations build exactly the declared schema, idempotently, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from flowloom.servicekit.database.engine import create_engine
from flowloom.studio.infrastructure.database.migrate import (
    current_revision,
    head_revision,
    upgrade,
)
from flowloom.studio.infrastructure.database.tables import metadata
from flowloom.testkit.migrations import run_on, schema_diff, table_names

pytestmark = pytest.mark.integration


async def test_schema_equals_metadata_when_migrated_twice(database_url: str) -> None:
    assert await current_revision(database_url) is None
    await upgrade(database_url)
    await upgrade(database_url)

    assert await run_on(database_url, schema_diff(metadata)) == []
    assert await run_on(database_url, table_names) == set(metadata.tables)
    assert await current_revision(database_url) == head_revision() == "0003"


async def test_renames_duplicate_workflow_names_when_upgrading_to_0003(database_url: str) -> None:
    """Names taken twice (or more) in a project before names were unique: the oldest keeps
    its name, the others become `<name>-2`, `-3` (in the column and in the definition), and
    nothing is dropped; the same name in another project is left alone."""
    await upgrade(database_url, "0002")
    engine = create_engine(database_url)
    rows = [
        ("w1", "p1", "tick", "2026-01-01"),
        ("w2", "p1", "tick", "2026-01-02"),
        ("w3", "p1", "tick-2", "2026-01-03"),  # so the second copy of tick becomes tick-3
        ("w4", "p1", "tick", "2026-01-04"),
        ("w5", "p2", "tick", "2026-01-05"),
    ]
    try:
        async with engine.begin() as connection:
            for workflow_id, project, name, day in rows:
                definition = f"apiVersion: flowloom.dev/v1\nkind: Workflow\nname: {name}\n"
                await connection.execute(
                    text(
                        "INSERT INTO workflows (id, project_id, name, description, definition,"
                        " created_at, updated_at) VALUES (:id, :p, :n, '', :d, :t, :t)"
                    ),
                    {"id": workflow_id, "p": project, "n": name, "d": definition,
                     "t": datetime.fromisoformat(day).replace(tzinfo=UTC)},
                )  # fmt: skip
        await upgrade(database_url)
        async with engine.connect() as connection:
            found = (
                await connection.execute(text("SELECT id, name, definition FROM workflows"))
            ).all()
    finally:
        await engine.dispose()
    names = {row.id: row.name for row in found}
    assert names == {"w1": "tick", "w2": "tick-3", "w3": "tick-2", "w4": "tick-4", "w5": "tick"}
    for row in found:
        assert f"name: {row.name}\n" in row.definition or f'name: "{row.name}"' in row.definition
