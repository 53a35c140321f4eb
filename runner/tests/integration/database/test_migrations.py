"""Alembic migrations: they build exactly the declared schema, once, even when raced."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from flowloom.runner.infrastructure.database.mapping import start_mappers
from flowloom.runner.infrastructure.database.migrate import (
    MIGRATIONS,
    current_revision,
    head_revision,
    upgrade,
)
from flowloom.runner.infrastructure.database.tables import metadata
from flowloom.servicekit.database.engine import create_engine
from flowloom.testkit.migrations import (
    MigrationLifecycle,
    downgraded_to,
    run_on,
    schema_diff,
    table_names,
)

from .support import CIPHER, Database, complex_version, simple_version, source_trigger

pytestmark = pytest.mark.integration

# A version as revisions up to 0005 stored it (the runner's own JSON, format 1), written by
# that code; `SEALED:<json>` stands for the Fernet token of that JSON under CIPHER.
FORMAT_1 = Path(__file__).with_name("version_format_1.json")

TABLES = {
    "deployments",
    "project_secrets",
    "workflow_versions",
    "runs",
    "executions",
    "log_lines",
    "outbox_messages",
    "inbox_messages",
    "token_revocations",
}


async def test_schema_equals_metadata_when_migrated(database_url):
    await upgrade(database_url)

    assert await run_on(database_url, schema_diff(metadata)) == []
    assert await run_on(database_url, table_names) == TABLES


async def test_reports_head_revision_when_migrated(database_url):
    assert await current_revision(database_url) is None

    await upgrade(database_url)

    assert await current_revision(database_url) == head_revision() == "0006"


async def test_changes_nothing_when_upgraded_concurrently_and_again(database_url):
    await asyncio.gather(*(upgrade(database_url) for _ in range(3)))
    await upgrade(database_url)

    assert await current_revision(database_url) == head_revision()
    assert await run_on(database_url, schema_diff(metadata)) == []


def write_0003_rows(connection: Connection) -> None:
    """A run as revision 0003 stored it: a step retried once and waiting, one that failed."""
    connection.execute(
        text(
            "INSERT INTO runs (id, project_id, workflow_id, workflow_version_id, trigger_source,"
            " trigger_outputs, created_at, state, results) VALUES ('r-1', 'p-1', 'w-1', 'v-1',"
            " 'manual', '{}', '2026-01-01 10:00:00+00:00', 'Running', '{}')"
        )
    )
    columns = "id, run_id, step_id, position, state, attempt, inputs, outputs, message"
    timing = "started_at, ended_at"
    connection.execute(
        text(
            f"INSERT INTO executions ({columns}, {timing}) VALUES"
            " ('e-1', 'r-1', 'flaky', 0, 'Waiting', 2, '{}', '{}', 'ValueError: two',"
            "  '2026-01-01 10:00:02+00:00', NULL),"
            " ('e-2', 'r-1', 'failed', 1, 'Error', 1, '{}', '{}', 'ValueError: one',"
            "  '2026-01-01 10:00:01+00:00', '2026-01-01 10:00:03+00:00'),"
            " ('e-3', 'r-1', 'later', 2, 'Pending', 0, '{}', '{}', NULL, NULL, NULL)"
        )
    )
    connection.execute(
        text(
            "INSERT INTO log_lines (execution_id, number, project_id, stream, line, timestamp)"
            " VALUES ('e-1', 1, 'p-1', 'stdout', 'try', '2026-01-01 10:00:02+00:00'),"
            " ('e-2', 1, 'p-1', 'stdout', 'once', '2026-01-01 10:00:01+00:00')"
        )
    )
    connection.commit()


async def test_keeps_the_current_attempt_of_each_execution_when_migrated_from_0003(
    database_url,
):
    await upgrade(database_url, "0003")
    await run_on(database_url, write_0003_rows)

    await upgrade(database_url)

    def read(connection: Connection) -> tuple[list[object], list[object]]:
        attempts = connection.execute(text("SELECT id, attempts FROM executions ORDER BY id")).all()
        lines = connection.execute(
            text("SELECT execution_id, attempt FROM log_lines ORDER BY execution_id")
        ).all()
        return [(i, json.loads(a) if isinstance(a, str) else a) for i, a in attempts], [
            tuple(line) for line in lines
        ]

    attempts, lines = await run_on(database_url, read)
    assert attempts == [
        ("e-1", [{"number": 2, "state": "Error", "started_at": "2026-01-01T10:00:02+00:00",
                  "ended_at": None, "error": "ValueError: two", "traceback": ""}]),
        ("e-2", [{"number": 1, "state": "Error", "started_at": "2026-01-01T10:00:01+00:00",
                  "ended_at": "2026-01-01T10:00:03+00:00", "error": "ValueError: one",
                  "traceback": ""}]),
        ("e-3", []),
    ]  # fmt: skip
    assert lines == [("e-1", 2), ("e-2", 1)]
    assert await run_on(database_url, schema_diff(metadata)) == []


def format_1_document() -> dict[str, Any]:
    def sealed(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: CIPHER.seal(json.loads(v[len("SEALED:") :]))
                if k == "sealed" and v.startswith("SEALED:")
                else sealed(v)
                for k, v in node.items()
            }
        return [sealed(item) for item in node] if isinstance(node, list) else node

    document: dict[str, Any] = sealed(json.loads(FORMAT_1.read_text()))
    return document


def stored_definitions(connection: Connection) -> dict[str, Any]:
    rows = connection.execute(
        text("SELECT workflow_version_id, definition FROM workflow_versions")
    ).all()
    return {i: json.loads(d) if isinstance(d, str) else d for i, d in rows}


async def test_converts_stored_versions_to_their_message_and_back_when_migrated(database_url):
    await upgrade(database_url, "0005")
    before = format_1_document()

    def write(connection: Connection) -> None:
        connection.execute(
            text(
                "INSERT INTO workflow_versions (workflow_version_id, project_id, workflow_id,"
                " definition) VALUES ('v-1', 'p-1', 'wf-1', :definition)"
            ),
            {"definition": json.dumps(before)},
        )
        connection.commit()

    await run_on(database_url, write)

    await upgrade(database_url)

    after = (await run_on(database_url, stored_definitions))["v-1"]
    assert after["format"] == 2
    assert sorted(e["sealed"] for e in after["literals"]) == sorted(
        b["sealed"] for b in _sealed_bindings(before)
    )  # the same tokens, moved: no key was needed
    start_mappers()
    engine = create_engine(database_url)
    try:
        async with Database(engine).uow() as uow:
            assert await uow.versions.get("v-1") == complex_version(source_trigger())
        await Database(engine).seed(versions=(("p-1", simple_version("v-2")),))
    finally:
        await engine.dispose()

    await run_on(database_url, downgraded_to(MIGRATIONS.alembic_config, "0005"))

    downgraded = await run_on(database_url, stored_definitions)
    assert downgraded["v-1"] == before
    assert downgraded["v-2"]["format"] == 1
    assert downgraded["v-2"]["steps"][0]["action"]["artefact"] == "registry/only:1.2"


def _sealed_bindings(document: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = [document["trigger"], *document["steps"]]
    return [b for n in nodes for b in n.get("inputs", {}).values() if "sealed" in b]


# postgres_url (servicekit's fixture): replicas only share PostgreSQL, SQLite serves one process.
class TestLifecycle(MigrationLifecycle):
    migrate = "flowloom.runner.infrastructure.database.migrate"
    declared = metadata
    replicas = 2
