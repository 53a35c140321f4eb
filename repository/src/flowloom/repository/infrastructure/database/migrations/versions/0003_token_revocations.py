"""Access-token revocations consumed from authorization (servicekit's `revocation_table`).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from flowloom.servicekit.database.migration_ops import (
    create_revocation_table_v1,
    drop_revocation_table_v1,
)

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_revocation_table_v1()


def downgrade() -> None:
    drop_revocation_table_v1()
