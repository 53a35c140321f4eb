"""Alembic environment of the runner database (run by `migrate.py`, no alembic.ini)."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from flowloom.runner.infrastructure.database.tables import metadata
from flowloom.servicekit.database.engine import create_engine

target_metadata = metadata


def run_with(connection: Connection) -> None:
    """Migrate over an open connection; SQLite alters tables by copying them (batch mode)."""
    is_sqlite = connection.dialect.name == "sqlite"
    if is_sqlite:
        # Batch mode drops the old copy of a table: with foreign keys on, that would cascade.
        _sqlite_foreign_keys(connection, enabled=False)
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=is_sqlite,
        compare_type=True,
    )
    try:
        with context.begin_transaction():
            context.run_migrations()
    finally:
        if is_sqlite:
            _sqlite_foreign_keys(connection, enabled=True)


def _sqlite_foreign_keys(connection: Connection, *, enabled: bool) -> None:
    # The pragma is ignored inside a transaction, so end any before and after.
    if connection.in_transaction():
        connection.commit()
    connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if enabled else 'OFF'}")
    connection.commit()


async def run_with_url(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_with)
    finally:
        await engine.dispose()


def run_offline(url: str) -> None:
    """Print the SQL instead of running it (``alembic upgrade --sql``)."""
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    url = config.get_main_option("sqlalchemy.url") or ""
    if context.is_offline_mode():
        run_offline(url)
    elif isinstance(connection, Connection):
        run_with(connection)
    else:
        asyncio.run(run_with_url(url))


main()
