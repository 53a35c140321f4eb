"""Initial schema: ended builds, outbox, inbox."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from flowloom.servicekit.database import migration_ops
from flowloom.servicekit.database.migration_ops import ID, TIMESTAMP

revision: str = "0001"
down_revision: str | None = None


def upgrade() -> None:
    op.create_table(
        "ended_builds",
        sa.Column("build_id", ID, nullable=False),
        sa.Column("project_id", ID, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("event_id", ID, nullable=False),
        sa.Column("ended_at", TIMESTAMP, nullable=False),
        migration_ops.primary_key_v1("ended_builds", "build_id"),
    )
    migration_ops.create_message_tables_v1()


def downgrade() -> None:
    migration_ops.drop_message_tables_v1()
    op.drop_table("ended_builds")
