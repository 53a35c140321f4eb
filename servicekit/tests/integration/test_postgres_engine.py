"""PostgreSQL pooled connections: one the server closed is replaced before it is used."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from flowloom.servicekit.database import engine as engines
from flowloom.testkit import testing


async def backend_pid(engine: AsyncEngine) -> int:
    async with engine.begin() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def test_a_connection_the_server_closed_is_replaced_at_checkout(postgres_url: str) -> None:
    engine = engines.create_engine(postgres_url, pool_size=1, max_overflow=0)
    admin = engines.create_engine(testing.postgres_admin_url(), pool_size=1, max_overflow=0)
    try:
        pooled = await backend_pid(engine)  # now idle in the pool
        async with admin.begin() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pooled})

        async def gone() -> bool:
            async with admin.begin() as connection:
                found = await connection.execute(
                    text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pooled}
                )
                return found.first() is None

        await testing.eventually(gone)
        assert await backend_pid(engine) != pooled  # no error: a new connection was used
    finally:
        await engine.dispose()
        await admin.dispose()


async def test_a_live_pooled_connection_is_reused(postgres_url: str) -> None:
    engine = engines.create_engine(postgres_url, pool_size=1, max_overflow=0)
    try:
        assert await backend_pid(engine) == await backend_pid(engine)
    finally:
        await engine.dispose()
