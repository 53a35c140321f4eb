"""The runner's copy of project secrets (from the studio's ProjectSecretSet/Deleted)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from flowloom.servicekit.database import migration_ops

revision: str = "0002"
down_revision: str | None = "0001"


def upgrade() -> None:
    op.create_table(
        "project_secrets",
        sa.Column("project_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("sealed_value", sa.Text(), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        migration_ops.primary_key_v1("project_secrets", "project_id", "name"),
    )


def downgrade() -> None:
    op.drop_table("project_secrets")
