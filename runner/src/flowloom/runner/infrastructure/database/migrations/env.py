"""Alembic environment of the runner database (run by `migrate.py`, no alembic.ini)."""

from flowloom.runner.infrastructure.database.tables import metadata
from flowloom.servicekit.database.migrations import run_environment

run_environment(metadata)
