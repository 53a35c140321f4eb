"""Login throttles per (username, client address) and per client address, forgotten in time.

The counters are rebuilt empty: they only hold recent failed logins, so an upgrade forgets
them once (as a successful login would).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

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
        sa.PrimaryKeyConstraint("id", name="pk_login_throttles"),
    )
    op.create_index(
        "ix_login_throttles_username_address", "login_throttles", ["username", "address"]
    )
    op.create_index("ix_login_throttles_forget_at", "login_throttles", ["forget_at"])


def downgrade() -> None:
    op.drop_table("login_throttles")
    op.create_table(
        "login_throttles",
        sa.Column("username", sa.String(128), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("username", name="pk_login_throttles"),
    )
