"""Access-token revocations consumed from authorization (servicekit's `revocation_table`)."""

from __future__ import annotations

from flowloom.servicekit.database import migration_ops

revision: str = "0003"
down_revision: str | None = "0002"

upgrade = migration_ops.create_revocation_table_v1
downgrade = migration_ops.drop_revocation_table_v1
