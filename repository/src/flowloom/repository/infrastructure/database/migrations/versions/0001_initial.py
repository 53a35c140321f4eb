"""Initial schema: sources, scans, actions, builds, outbox, inbox."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from flowloom.servicekit.database import migration_ops
from flowloom.servicekit.database.migration_ops import ID, STATE, TIMESTAMP

revision: str = "0001"
down_revision: str | None = None


def upgrade() -> None:
    op.create_table(
        "sources",
        *migration_ops.ids_v1("id", "project_id"),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("default_branch", sa.String(255), nullable=False),
        sa.Column("sealed_credentials", sa.Text(), nullable=True),
        *migration_ops.timestamps_v1(),
        migration_ops.primary_key_v1("sources", "id"),
        migration_ops.unique_v1("sources", "project_id", "name"),
    )
    migration_ops.create_indexes_v1("sources", ["project_id"])
    op.create_table(
        "scans",
        *migration_ops.ids_v1("id", "project_id", "source_id"),
        sa.Column("ref", sa.String(255), nullable=False),
        sa.Column("state", STATE, nullable=False),
        sa.Column("sha", sa.String(64), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("started_at", TIMESTAMP, nullable=False),
        sa.Column("finished_at", TIMESTAMP, nullable=True),
        migration_ops.primary_key_v1("scans", "id"),
    )
    migration_ops.create_indexes_v1("scans", ["project_id"], ["source_id"])
    _create_actions()
    _create_builds()
    migration_ops.create_message_tables_v1()


def _create_actions() -> None:
    op.create_table(
        "actions",
        *migration_ops.ids_v1("id", "project_id", "source_id"),
        sa.Column("path", sa.String(1024), nullable=False),
        sa.Column("state", STATE, nullable=False),
        *migration_ops.timestamps_v1(),
        sa.Column("sha", sa.String(64), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=True),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("technical_name", sa.String(64), nullable=True),
        sa.Column("version", sa.String(128), nullable=True),
        sa.Column("kind", sa.String(16), nullable=True),
        sa.Column("content_digest", sa.String(64), nullable=True),
        sa.Column("source_archive", sa.Text(), nullable=True),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_media_type", sa.String(32), nullable=True),
        sa.Column("present_in_latest_scan", sa.Boolean(), nullable=False),
        sa.Column("current_build_id", ID, nullable=True),
        sa.Column("artefact", sa.Text(), nullable=True),
        sa.Column("published_build_id", ID, nullable=True),
        sa.Column("published_technical_name", sa.String(64), nullable=True),
        sa.Column("published_version", sa.String(128), nullable=True),
        migration_ops.primary_key_v1("actions", "id"),
        migration_ops.unique_v1("actions", "source_id", "path"),
    )
    migration_ops.create_indexes_v1("actions", ["project_id"], ["source_id"])


def _create_builds() -> None:
    op.create_table(
        "builds",
        *migration_ops.ids_v1("id", "project_id", "action_id"),
        sa.Column("content_digest", sa.String(64), nullable=False),
        sa.Column("sha", sa.String(64), nullable=False),
        sa.Column("source_archive", sa.Text(), nullable=False),
        sa.Column("requested_at", TIMESTAMP, nullable=False),
        sa.Column("state", STATE, nullable=False),
        sa.Column("started_at", TIMESTAMP, nullable=True),
        sa.Column("finished_at", TIMESTAMP, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("logs", sa.Text(), nullable=True),
        sa.Column("artefact", sa.Text(), nullable=True),
        sa.Column("artefact_digest", sa.String(80), nullable=True),
        sa.Column("cache_hit", sa.Boolean(), nullable=False),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        migration_ops.primary_key_v1("builds", "id"),
    )
    migration_ops.create_indexes_v1("builds", ["project_id"], ["action_id", "requested_at"])


def downgrade() -> None:
    migration_ops.drop_message_tables_v1()
    for table in ("builds", "actions", "scans", "sources"):
        op.drop_table(table)
