"""Initial schema: sources, scans, actions, builds, outbox, inbox."""

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
        "sources",
        sa.Column("id", ID, nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("default_branch", sa.String(255), nullable=False),
        sa.Column("sealed_credentials", sa.Text(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sources"),
        sa.UniqueConstraint("project_id", "name", name="uq_sources_project_id_name"),
    )
    op.create_index("ix_sources_project_id", "sources", ["project_id"])
    op.create_table(
        "scans",
        sa.Column("id", ID, nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("source_id", ID, nullable=False),
        sa.Column("ref", sa.String(255), nullable=False),
        sa.Column("state", STATE, nullable=False),
        sa.Column("sha", sa.String(64), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("started_at", TIMESTAMP, nullable=False),
        sa.Column("finished_at", TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_scans"),
    )
    op.create_index("ix_scans_project_id", "scans", ["project_id"])
    op.create_index("ix_scans_source_id", "scans", ["source_id"])
    _create_actions()
    _create_builds()
    create_message_tables_v1()


def _create_actions() -> None:
    op.create_table(
        "actions",
        sa.Column("id", ID, nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("source_id", ID, nullable=False),
        sa.Column("path", sa.String(1024), nullable=False),
        sa.Column("state", STATE, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
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
        sa.PrimaryKeyConstraint("id", name="pk_actions"),
        sa.UniqueConstraint("source_id", "path", name="uq_actions_source_id_path"),
    )
    op.create_index("ix_actions_project_id", "actions", ["project_id"])
    op.create_index("ix_actions_source_id", "actions", ["source_id"])


def _create_builds() -> None:
    op.create_table(
        "builds",
        sa.Column("id", ID, nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("action_id", ID, nullable=False),
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
        sa.PrimaryKeyConstraint("id", name="pk_builds"),
    )
    op.create_index("ix_builds_project_id", "builds", ["project_id"])
    op.create_index("ix_builds_action_id_requested_at", "builds", ["action_id", "requested_at"])


def downgrade() -> None:
    for table in ("inbox_messages", "outbox_messages", "builds", "actions", "scans", "sources"):
        op.drop_table(table)
