"""Alembic migrations: they build exactly the declared schema, once, even when raced."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection

from flowloom.runner.infrastructure.database.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade,
)
from flowloom.runner.infrastructure.database.tables import metadata
from flowloom.testkit.migrations import (
    downgraded_to_base,
    run_on,
    schema_diff,
    table_names,
    upgrade_in_processes,
)

pytestmark = pytest.mark.integration

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

    assert await current_revision(database_url) == head_revision() == "0005"


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


# postgres_url (servicekit's fixture): replicas only share PostgreSQL, SQLite serves one process.
@pytest.mark.slow
async def test_migrates_once_when_replicas_start_together(postgres_url):
    module = "flowloom.runner.infrastructure.database.migrate"
    assert await upgrade_in_processes(module, postgres_url, 2) == [0] * 2
    assert await current_revision(postgres_url) == head_revision()
    assert await run_on(postgres_url, schema_diff(metadata)) == []


async def test_drops_every_table_when_downgraded_to_base(database_url):
    await upgrade(database_url)

    assert await run_on(database_url, downgraded_to_base(alembic_config)) == set()
    assert await current_revision(database_url) is None
