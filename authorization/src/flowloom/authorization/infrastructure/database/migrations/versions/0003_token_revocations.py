"""Access-token revocations consumed from authorization (servicekit's `revocation_table`)."""

from __future__ import annotations

from flowloom.servicekit.database.migration_ops import (
    create_revocation_table_v1,
    drop_revocation_table_v1,
)

revision: str = "0003"
down_revision: str | None = "0002"

upgrade = create_revocation_table_v1
downgrade = drop_revocation_table_v1
