"""Initial schema: deployments, workflow versions, runs, executions, log lines, outbox, inbox."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from flowloom.servicekit.database.migration_ops import (
    ID,
    STATE,
    TIMESTAMP,
    create_message_tables_v1,
)

revision: str = "0001"
down_revision: str | None = None


def upgrade() -> None:
    op.create_table(
        "deployments",
        sa.Column("workflow_id", ID, nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("workflow_version_id", ID, nullable=False),
        sa.Column("webhook_key", sa.String(128), nullable=False),
        sa.Column("state", STATE, nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("workflow_id", name="pk_deployments"),
        sa.UniqueConstraint("webhook_key", name="uq_deployments_webhook_key"),
    )
    op.create_index("ix_deployments_project_id", "deployments", ["project_id"])
    op.create_table(
        "workflow_versions",
        sa.Column("workflow_version_id", ID, nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("workflow_id", ID, nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("workflow_version_id", name="pk_workflow_versions"),
    )
    op.create_index("ix_workflow_versions_project_id", "workflow_versions", ["project_id"])
    _create_runs()
    op.create_table(
        "log_lines",
        sa.Column("execution_id", ID, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("stream", sa.String(16), nullable=False),
        sa.Column("line", sa.Text(), nullable=False),
        sa.Column("timestamp", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("execution_id", "number", name="pk_log_lines"),
    )
    op.create_index("ix_log_lines_project_id", "log_lines", ["project_id"])
    create_message_tables_v1()


def _create_runs() -> None:
    op.create_table(
        "runs",
        sa.Column("id", ID, nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("workflow_id", ID, nullable=False),
        sa.Column("workflow_version_id", ID, nullable=False),
        sa.Column("trigger_source", STATE, nullable=False),
        sa.Column("trigger_outputs", sa.JSON(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("state", STATE, nullable=False),
        sa.Column("ended_at", TIMESTAMP, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("cancel_code", sa.Integer(), nullable=True),
        sa.Column("results", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
    )
    op.create_index("ix_runs_project_id_created_at_id", "runs", ["project_id", "created_at", "id"])
    op.create_index("ix_runs_workflow_id_created_at", "runs", ["workflow_id", "created_at"])
    op.create_index("ix_runs_state", "runs", ["state"])
    op.create_table(
        "executions",
        sa.Column("id", ID, nullable=False),
        sa.Column("run_id", ID, nullable=False),
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
        sa.PrimaryKeyConstraint("id", name="pk_executions"),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name="fk_executions_run_id_runs", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_executions_run_id_position", "executions", ["run_id", "position"])


def downgrade() -> None:
    for table in (
        "inbox_messages",
        "outbox_messages",
        "log_lines",
        "executions",
        "runs",
        "workflow_versions",
        "deployments",
    ):
        op.drop_table(table)
