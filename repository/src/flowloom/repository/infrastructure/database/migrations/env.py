"""Alembic environment of the repository database (run by `migrate.py`, no alembic.ini)."""

from flowloom.repository.infrastructure.database.tables import metadata
from flowloom.servicekit.database.migrations import run_environment

run_environment(metadata)
