"""A dependency killed for real: requests answer a 503 problem, healthz says `degraded`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from flowloom.servicekit.database.engine import create_engine
from flowloom.servicekit.messaging import MessageBus
from flowloom.servicekit.messaging.amqp import AmqpBus
from flowloom.servicekit.web.checks import bus_check, database_check
from flowloom.servicekit.web.health import health_router
from flowloom.servicekit.web.problems import install_problem_handlers
from flowloom.testkit import testing
from flowloom.testkit.faults import PrivatePostgres, PrivateRabbitMQ

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def service(engine: AsyncEngine | None, bus: MessageBus | None) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    checks: dict[str, Callable[[], Awaitable[None]]] = {}
    if engine is not None:
        checks["database"] = database_check(lambda: engine)

        @app.get("/count")
        async def count(seconds: float = 0) -> dict[str, int]:
            async with engine.begin() as connection:
                await connection.execute(text("SELECT pg_sleep(:s)"), {"s": seconds})
                return {"count": int((await connection.execute(text("SELECT 1"))).scalar_one())}

    if bus is not None:

        async def started() -> MessageBus:
            return bus

        checks["bus"] = bus_check(started)
    app.include_router(health_router("/api/test", lambda: checks))
    return app


@pytest.fixture
async def database(private_postgres: PrivatePostgres) -> AsyncIterator[httpx.AsyncClient]:
    engine = create_engine(private_postgres.url(), pool_size=2, max_overflow=0)
    transport = httpx.ASGITransport(app=service(engine, None), raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client
    finally:
        await engine.dispose()


def assert_database_unavailable(answer: httpx.Response, cluster: PrivatePostgres) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["retry-after"] == "5"
    body = answer.json()
    assert body["status"] == 503
    assert body["dependency"] == "database"
    assert "database is unavailable" in body["detail"]
    assert str(cluster.port) not in answer.text  # no address, no URL


async def test_answers_503_problem_when_database_is_killed(
    database: httpx.AsyncClient, private_postgres: PrivatePostgres
) -> None:
    assert (await database.get("/count")).status_code == 200  # a connection now in the pool

    await asyncio.to_thread(private_postgres.kill)
    pooled = await database.get("/count")  # the pooled connection is dead, a new one refused
    fresh = await database.get("/count")
    health = await database.get("/api/test/healthz")

    assert_database_unavailable(pooled, private_postgres)
    assert_database_unavailable(fresh, private_postgres)
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["checks"]["database"]["status"] == "down"

    await asyncio.to_thread(private_postgres.start)
    assert (await database.get("/count")).status_code == 200
    assert (await database.get("/api/test/healthz")).json() == {
        "status": "ok",
        "checks": {"database": {"status": "ok", "detail": None}},
    }


async def test_answers_503_problem_when_database_dies_during_the_request(
    database: httpx.AsyncClient, private_postgres: PrivatePostgres
) -> None:
    slow = asyncio.create_task(database.get("/count", params={"seconds": 30}))
    await asyncio.sleep(1.0)  # the statement runs

    await asyncio.to_thread(private_postgres.kill)

    assert_database_unavailable(await slow, private_postgres)


async def test_health_says_degraded_when_broker_node_is_killed(
    private_rabbitmq: PrivateRabbitMQ,
) -> None:
    bus = AmqpBus(private_rabbitmq.url, reconnect_interval=0.2)
    await bus.start()
    transport = httpx.ASGITransport(app=service(None, bus))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:

            async def bus_status() -> str:
                answer = await client.get("/api/test/healthz")
                assert answer.status_code == 200
                return str(answer.json()["checks"]["bus"]["status"])

            assert await bus_status() == "ok"
            await asyncio.to_thread(private_rabbitmq.kill)
            await testing.eventually(lambda: _is(bus_status(), "down"), within=10)
            degraded = (await client.get("/api/test/healthz")).json()
            await asyncio.to_thread(private_rabbitmq.start)
            await testing.eventually(lambda: _is(bus_status(), "ok"), within=30)
    finally:
        await bus.close()
    assert degraded["status"] == "degraded"
    assert degraded["checks"]["bus"] == {"status": "down", "detail": "BrokerUnavailable"}


async def _is(status: Awaitable[str], wanted: str) -> bool:
    return await status == wanted
