"""Initial schema: actions, workflows, files, versions, deployments, variables, secrets, outbox,
inbox.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from flowloom.servicekit.database import migration_ops
from flowloom.servicekit.database.migration_ops import ID, TIMESTAMP

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
        migration_ops.primary_key_v1("actions", "project_id", "technical_name", "version"),
    )
    op.create_table(
        "workflows",
        *migration_ops.ids_v1("id", "project_id"),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        *migration_ops.timestamps_v1(),
        migration_ops.primary_key_v1("workflows", "id"),
    )
    migration_ops.create_indexes_v1("workflows", ["project_id", "name", "id"])
    _create_workflow_children()
    _create_project_values()
    migration_ops.create_message_tables_v1()


def _create_workflow_children() -> None:
    """The tables whose rows are deleted with their workflow."""
    op.create_table(
        "workflow_files",
        sa.Column("key", sa.String(512), nullable=False),
        *migration_ops.ids_v1("workflow_id", "project_id"),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(255), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        migration_ops.primary_key_v1("workflow_files", "key"),
        migration_ops.cascading_foreign_key_v1("workflow_files", "workflow_id", "workflows"),
    )
    migration_ops.create_indexes_v1("workflow_files", ["project_id"], ["workflow_id"])
    op.create_table(
        "workflow_versions",
        sa.Column("id", NAME, nullable=False),
        *migration_ops.ids_v1("workflow_id", "project_id"),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        migration_ops.primary_key_v1("workflow_versions", "id"),
        migration_ops.unique_v1("workflow_versions", "workflow_id", "number"),
        migration_ops.cascading_foreign_key_v1("workflow_versions", "workflow_id", "workflows"),
    )
    migration_ops.create_indexes_v1("workflow_versions", ["project_id"])
    op.create_table(
        "deployments",
        *migration_ops.ids_v1("workflow_id", "project_id"),
        sa.Column("version_id", NAME, nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        migration_ops.primary_key_v1("deployments", "workflow_id"),
        migration_ops.cascading_foreign_key_v1("deployments", "workflow_id", "workflows"),
    )
    migration_ops.create_indexes_v1("deployments", ["project_id"])


def _create_project_values() -> None:
    """The project's variables and secrets, by name."""
    op.create_table(
        "variables",
        sa.Column("project_id", ID, nullable=False),
        sa.Column("name", NAME, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("value", sa.JSON(), nullable=True),
        *migration_ops.timestamps_v1(),
        migration_ops.primary_key_v1("variables", "project_id", "name"),
    )
    op.create_table(
        "secrets",
        sa.Column("project_id", ID, nullable=False),
        sa.Column("name", NAME, nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        *migration_ops.timestamps_v1(),
        migration_ops.primary_key_v1("secrets", "project_id", "name"),
    )


def downgrade() -> None:
    migration_ops.drop_message_tables_v1()
    for table in (
        "secrets",
        "variables",
        "deployments",
        "workflow_versions",
        "workflow_files",
        "workflows",
        "actions",
    ):
        op.drop_table(table)
