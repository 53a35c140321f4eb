"""Fixtures of the database tests: every test gets a freshly migrated SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from flowloom.runner.infrastructure.database.mapping import start_mappers
from flowloom.runner.infrastructure.database.migrate import upgrade
from flowloom.testkit.database import migrated

from .support import Database


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    async with migrated(database_url, upgrade, start_mappers) as engine:
        yield Database(engine)
