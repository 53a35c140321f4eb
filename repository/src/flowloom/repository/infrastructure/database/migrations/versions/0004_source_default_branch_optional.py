"""A source may name no branch: its scans then read the remote's default branch (its HEAD),
which the first such scan resolves and keeps.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.alter_column("default_branch", existing_type=sa.String(255), nullable=True)


def downgrade() -> None:
    # A source still waiting for its first scan gets the old default.
    op.execute("UPDATE sources SET default_branch = 'main' WHERE default_branch IS NULL")
    with op.batch_alter_table("sources") as batch:
        batch.alter_column("default_branch", existing_type=sa.String(255), nullable=False)
