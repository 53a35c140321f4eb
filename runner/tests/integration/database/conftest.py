"""Fixtures of the database tests: every test gets a freshly migrated SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from flowloom.runner.infrastructure.database.mapping import start_mappers
from flowloom.runner.infrastructure.database.migrate import upgrade
from flowloom.servicekit.database.engine import create_engine

from .support import Database


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    await upgrade(database_url)
    # Before the test builds any domain object: instances made earlier are not instrumented.
    start_mappers()
    engine = create_engine(database_url)
    yield Database(engine)
    await engine.dispose()
