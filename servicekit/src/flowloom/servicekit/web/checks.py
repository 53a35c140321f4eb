"""Health checks every service runs."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from flowloom.servicekit.web.health import Check


def database_check(engine: Callable[[], AsyncEngine]) -> Check:
    """`SELECT 1` on the service's database (the engine is looked up per call)."""

    async def database() -> None:
        async with engine().connect() as connection:
            await connection.execute(text("SELECT 1"))

    return database
