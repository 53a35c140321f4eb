"""Initial schema: actions, workflows, files, versions, deployments, variables, secrets, outbox,
inbox.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from flowloom.servicekit.database.migration_ops import ID, TIMESTAMP, create_message_tables_v1

revision: str = "0001"
down_revision: str | None = None

NAME = sa.String(128)


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("project_id", ID, nullable=False),
        sa.Column("technical_name", NAME, nullable=False),
        sa.Column("version", NAME, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("human_name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=False),
        sa.Column("logo_media_type", NAME, nullable=False),
        sa.PrimaryKeyConstraint("project_id", "technical_name", "version", name="pk_actions"),
    )
    op.create_table(
        "workflows",
        sa.Column("id", ID, nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_workflows"),
    )
    op.create_index("ix_workflows_project_id_name_id", "workflows", ["project_id", "name", "id"])
    op.create_table(
        "workflow_files",
        sa.Column("key", sa.String(512), nullable=False),
        sa.Column("workflow_id", ID, nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(255), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_workflow_files"),
        _workflow_fk("workflow_files"),
    )
    op.create_index("ix_workflow_files_project_id", "workflow_files", ["project_id"])
    op.create_index("ix_workflow_files_workflow_id", "workflow_files", ["workflow_id"])
    op.create_table(
        "workflow_versions",
        sa.Column("id", NAME, nullable=False),
        sa.Column("workflow_id", ID, nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_workflow_versions"),
        sa.UniqueConstraint(
            "workflow_id", "number", name="uq_workflow_versions_workflow_id_number"
        ),
        _workflow_fk("workflow_versions"),
    )
    op.create_index("ix_workflow_versions_project_id", "workflow_versions", ["project_id"])
    op.create_table(
        "deployments",
        sa.Column("workflow_id", ID, nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("version_id", NAME, nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("workflow_id", name="pk_deployments"),
        _workflow_fk("deployments"),
    )
    op.create_index("ix_deployments_project_id", "deployments", ["project_id"])
    op.create_table(
        "variables",
        sa.Column("project_id", ID, nullable=False),
        sa.Column("name", NAME, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("project_id", "name", name="pk_variables"),
    )
    op.create_table(
        "secrets",
        sa.Column("project_id", ID, nullable=False),
        sa.Column("name", NAME, nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("project_id", "name", name="pk_secrets"),
    )
    create_message_tables_v1()


def _workflow_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workflow_id"],
        ["workflows.id"],
        name=f"fk_{table}_workflow_id_workflows",
        ondelete="CASCADE",
    )


def downgrade() -> None:
    for table in (
        "inbox_messages",
        "outbox_messages",
        "secrets",
        "variables",
        "deployments",
        "workflow_versions",
        "workflow_files",
        "workflows",
        "actions",
    ):
        op.drop_table(table)
