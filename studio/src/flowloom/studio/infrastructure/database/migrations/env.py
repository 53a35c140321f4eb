"""Alembic environment of the studio database (run by `migrate.py`, no alembic.ini)."""

from flowloom.servicekit.database.migrations import run_environment
from flowloom.studio.infrastructure.database.tables import metadata

run_environment(metadata)
