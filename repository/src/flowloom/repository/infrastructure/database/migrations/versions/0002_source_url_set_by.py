"""Who set each source's URL, and whether a platform administrator: scans read with their reach.

Sources from before have no author and count as set by a non-administrator (the safe reading):
an administrator sets the URL again to give a source outside LOCAL_ROOTS back its reach.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("url_set_by", sa.String(64), nullable=True))
        batch.add_column(
            sa.Column("url_set_by_admin", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("url_set_by_admin")
        batch.drop_column("url_set_by")
