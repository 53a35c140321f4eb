"""Alembic environment of the builder's database (run by `migrate.py`, no alembic.ini)."""

from flowloom.action_builder.infrastructure.database.tables import metadata
from flowloom.servicekit.database.migrations import run_environment

run_environment(metadata)
