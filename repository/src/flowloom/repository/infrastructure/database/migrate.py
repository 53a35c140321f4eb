"""Schema migrations of the repository database, run from code (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from flowloom.servicekit.database.migrations import Migrations

MIGRATIONS = Migrations(Path(__file__).with_name("migrations"), "flowloom.repository.migrations")

upgrade = MIGRATIONS.upgrade
current_revision = MIGRATIONS.current_revision
head_revision = MIGRATIONS.head_revision
