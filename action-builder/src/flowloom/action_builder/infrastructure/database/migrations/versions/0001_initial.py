"""Initial schema: ended builds, outbox, inbox."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from flowloom.servicekit.database.migration_ops import ID, TIMESTAMP, create_message_tables_v1

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
        sa.PrimaryKeyConstraint("build_id", name="pk_ended_builds"),
    )
    create_message_tables_v1()


def downgrade() -> None:
    for table in ("inbox_messages", "outbox_messages", "ended_builds"):
        op.drop_table(table)
