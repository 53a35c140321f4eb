"""A deployment's trigger state: a source that ends leaves its workflow deployed."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"


def upgrade() -> None:
    with op.batch_alter_table("deployments") as batch:
        batch.add_column(sa.Column("trigger_state", sa.String(16), nullable=True))
        batch.add_column(sa.Column("trigger_message", sa.Text(), nullable=False, server_default=""))
    # Deployments live before this revision get their trigger state when the runner starts
    # their trigger again (``resume``): no data to transform here.


def downgrade() -> None:
    with op.batch_alter_table("deployments") as batch:
        batch.drop_column("trigger_message")
        batch.drop_column("trigger_state")
