"""Health checks every service runs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from flowloom.servicekit.messaging import MessageBus
from flowloom.servicekit.web.health import Check


def database_check(engine: Callable[[], AsyncEngine]) -> Check:
    """`SELECT 1` on the service's database (the engine is looked up per call)."""

    async def database() -> None:
        async with engine().connect() as connection:
            await connection.execute(text("SELECT 1"))

    return database


def bus_check(bus: Callable[[], Awaitable[MessageBus]]) -> Check:
    """The bus is connected to its broker (`bus` is the container's async resource provider)."""

    async def check() -> None:
        await (await bus()).check()

    return check


def service_checks(container: Any, **more: Check) -> dict[str, Check]:
    """A service's health checks: its database and bus (the container's ``engine`` and ``bus``
    providers), then ``more`` in order (an object store, a lease)."""
    return {"database": database_check(container.engine), "bus": bus_check(container.bus), **more}
