"""Schema migrations of the authorization database, run from code (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flowloom.authorization.infrastructure.security.sealing import key_encryption_ring
from flowloom.authorization.settings import AuthorizationSettings
from flowloom.servicekit.database.migrations import Migrations

MIGRATIONS = Migrations(Path(__file__).with_name("migrations"), "flowloom.authorization.migrations")

upgrade = MIGRATIONS.upgrade
current_revision = MIGRATIONS.current_revision
head_revision = MIGRATIONS.head_revision


def migration_attributes(settings: AuthorizationSettings) -> dict[str, Any]:
    """What the scripts need beyond the database: the key-encryption key (0002 seals the
    signing keys an older version stored in clear)."""
    ring = key_encryption_ring(settings)
    return {} if ring is None else {"key_encryption_key": ring}


async def upgrade_with(settings: AuthorizationSettings) -> None:
    """The database of `settings` to head, with the attributes the scripts need."""
    await upgrade(settings.database_url, attributes=migration_attributes(settings))
