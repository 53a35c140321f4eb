"""Alembic environment of the authorization database (run by `migrate.py`, no alembic.ini)."""

from flowloom.authorization.infrastructure.database.tables import metadata
from flowloom.servicekit.database.migrations import run_environment

run_environment(metadata)
