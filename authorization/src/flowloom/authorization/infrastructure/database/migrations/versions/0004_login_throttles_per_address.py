"""Login throttles per (username, client address) and per client address, forgotten in time.

The counters are rebuilt empty: they only hold recent failed logins, so an upgrade forgets
them once (as a successful login would).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from flowloom.servicekit.database import migration_ops
from flowloom.servicekit.database.migration_ops import TIMESTAMP

revision: str = "0004"
down_revision: str | None = "0003"


def upgrade() -> None:
    op.drop_table("login_throttles")
    op.create_table(
        "login_throttles",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("username", sa.String(128), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", TIMESTAMP, nullable=True),
        sa.Column("last_failure_at", TIMESTAMP, nullable=True),
        sa.Column("forget_at", TIMESTAMP, nullable=False),
        migration_ops.primary_key_v1("login_throttles", "id"),
    )
    migration_ops.create_indexes_v1("login_throttles", ["username", "address"], ["forget_at"])


def downgrade() -> None:
    op.drop_table("login_throttles")
    op.create_table(
        "login_throttles",
        sa.Column("username", sa.String(128), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", TIMESTAMP, nullable=True),
        migration_ops.primary_key_v1("login_throttles", "username"),
    )
