"""The runner schema as SQLAlchemy tables (the migrations must produce exactly this)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from flowloom.runner.domain.deployment import TriggerState
from flowloom.runner.domain.events import DeploymentState
from flowloom.runner.domain.execution import ExecutionState
from flowloom.runner.domain.run import RunState, TriggerSource
from flowloom.servicekit.database import tables as kit_tables
from flowloom.servicekit.database.types import UtcDateTime

# Our ids are UUIDs; workflow and project ids come from other services: leave them some room.
ID = String(64)

metadata = kit_tables.service_metadata()


class UserText(TypeDecorator[str]):
    """Text that may come from user code: PostgreSQL refuses NUL characters, so they are
    stored as U+FFFD instead of failing the write (and the run with it)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else value.replace("\x00", "\ufffd")


deployments = Table(
    "deployments",
    metadata,
    Column("workflow_id", ID, primary_key=True),
    kit_tables.project_id_column(),
    # No foreign key: the deployment is stored before the version it points to.
    Column("workflow_version_id", ID, nullable=False),
    Column("webhook_key", String(128), nullable=False, unique=True),
    Column("state", kit_tables.value_enum(DeploymentState), nullable=False),
    Column("message", UserText(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    # How its trigger does once deployed: running, finished (a source that returned), failed.
    Column("trigger_state", kit_tables.value_enum(TriggerState), nullable=True),
    Column("trigger_message", UserText(), nullable=False, server_default=""),
)

workflow_versions = Table(
    "workflow_versions",
    metadata,
    Column("workflow_version_id", ID, primary_key=True),
    kit_tables.project_id_column(),
    Column("workflow_id", ID, nullable=False),
    # The whole immutable WorkflowVersion as the studio's protobuf message, password literals
    # sealed beside it (version_document.py): it is only ever read whole.
    Column("definition", JSON, nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", ID, primary_key=True),
    Column("project_id", ID, nullable=False),
    Column("workflow_id", ID, nullable=False),
    Column("workflow_version_id", ID, nullable=False),
    Column("trigger_source", kit_tables.value_enum(TriggerSource), nullable=False),
    Column("trigger_outputs", JSON, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("state", kit_tables.value_enum(RunState), nullable=False),
    Column("ended_at", UtcDateTime(), nullable=True),
    Column("error", UserText(), nullable=True),
    Column("cancel_code", Integer, nullable=True),
    Column("results", JSON, nullable=False),
    # The run list: one project, newest first (scanned backwards), optionally one workflow.
    Index(None, "project_id", "created_at", "id"),
    Index(None, "workflow_id", "created_at"),
    Index(None, "state"),
)

executions = Table(
    "executions",
    metadata,
    Column("id", ID, primary_key=True),
    kit_tables.cascading_column("run_id", "runs.id"),
    Column("step_id", String(255), nullable=False),
    Column("position", Integer, nullable=False),
    Column("state", kit_tables.value_enum(ExecutionState), nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("inputs", JSON, nullable=False),
    Column("outputs", JSON, nullable=False),
    Column("message", UserText(), nullable=True),
    Column("started_at", UtcDateTime(), nullable=True),
    Column("ended_at", UtcDateTime(), nullable=True),
    Column("next_attempt_at", UtcDateTime(), nullable=True),
    # Every attempt started, in order (run_rows.py): read and written only with its execution,
    # as the inputs and outputs are.
    Column("attempts", JSON, nullable=False),
    Index(None, "run_id", "position"),
)

log_lines = Table(
    "log_lines",
    metadata,
    # No foreign key: lines stream in outside the run's transactions; the project's deletion
    # removes them explicitly (LogRepository.delete_for_project).
    Column("execution_id", ID, primary_key=True),
    Column("number", Integer, primary_key=True),
    kit_tables.project_id_column(),
    Column("attempt", Integer, nullable=False),
    Column("stream", String(16), nullable=False),
    Column("line", UserText(), nullable=False),
    Column("timestamp", UtcDateTime(), nullable=False),
)

# The studio's project secrets as last told (ProjectSecretSet/Deleted); value sealed with the
# values key, NULL for a deleted secret (a tombstone, so an older message cannot revive it).
project_secrets = Table(
    "project_secrets",
    metadata,
    Column("project_id", ID, primary_key=True),
    Column("name", String(128), primary_key=True),
    Column("sealed_value", Text(), nullable=True),
    Column("changed_at", UtcDateTime(), nullable=False),
)

message_tables = kit_tables.message_tables(metadata)
token_revocations = kit_tables.revocation_table(metadata)
