"""Initial schema: deployments, workflow versions, runs, executions, log lines, outbox, inbox."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from flowloom.servicekit.database import migration_ops
from flowloom.servicekit.database.migration_ops import ID, STATE, TIMESTAMP

revision: str = "0001"
down_revision: str | None = None


def upgrade() -> None:
    op.create_table(
        "deployments",
        *migration_ops.ids_v1("workflow_id", "project_id", "workflow_version_id"),
        sa.Column("webhook_key", sa.String(128), nullable=False),
        sa.Column("state", STATE, nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        migration_ops.primary_key_v1("deployments", "workflow_id"),
        migration_ops.unique_v1("deployments", "webhook_key"),
    )
    migration_ops.create_indexes_v1("deployments", ["project_id"])
    op.create_table(
        "workflow_versions",
        *migration_ops.ids_v1("workflow_version_id", "project_id", "workflow_id"),
        sa.Column("definition", sa.JSON(), nullable=False),
        migration_ops.primary_key_v1("workflow_versions", "workflow_version_id"),
    )
    migration_ops.create_indexes_v1("workflow_versions", ["project_id"])
    _create_runs()
    op.create_table(
        "log_lines",
        sa.Column("execution_id", ID, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("stream", sa.String(16), nullable=False),
        sa.Column("line", sa.Text(), nullable=False),
        sa.Column("timestamp", TIMESTAMP, nullable=False),
        migration_ops.primary_key_v1("log_lines", "execution_id", "number"),
    )
    migration_ops.create_indexes_v1("log_lines", ["project_id"])
    migration_ops.create_message_tables_v1()


def _create_runs() -> None:
    op.create_table(
        "runs",
        *migration_ops.ids_v1("id", "project_id", "workflow_id", "workflow_version_id"),
        sa.Column("trigger_source", STATE, nullable=False),
        sa.Column("trigger_outputs", sa.JSON(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("state", STATE, nullable=False),
        sa.Column("ended_at", TIMESTAMP, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("cancel_code", sa.Integer(), nullable=True),
        sa.Column("results", sa.JSON(), nullable=False),
        migration_ops.primary_key_v1("runs", "id"),
    )
    migration_ops.create_indexes_v1(
        "runs", ["project_id", "created_at", "id"], ["workflow_id", "created_at"], ["state"]
    )
    op.create_table(
        "executions",
        *migration_ops.ids_v1("id", "run_id"),
        sa.Column("step_id", sa.String(255), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("state", STATE, nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("inputs", sa.JSON(), nullable=False),
        sa.Column("outputs", sa.JSON(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("started_at", TIMESTAMP, nullable=True),
        sa.Column("ended_at", TIMESTAMP, nullable=True),
        sa.Column("next_attempt_at", TIMESTAMP, nullable=True),
        migration_ops.primary_key_v1("executions", "id"),
        migration_ops.cascading_foreign_key_v1("executions", "run_id", "runs"),
    )
    migration_ops.create_indexes_v1("executions", ["run_id", "position"])


def downgrade() -> None:
    migration_ops.drop_message_tables_v1()
    for table in ("log_lines", "executions", "runs", "workflow_versions", "deployments"):
        op.drop_table(table)
