"""The distributed platform on a PostgreSQL cluster and a RabbitMQ node of its own, each killed
(kill -9) and restarted: the APIs say what is down, and serve again once it is back."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from flowloom.adm.proxy import nginx_binary
from flowloom.adm.seaweed import S3Endpoint
from flowloom.testkit import testing
from flowloom.testkit.faults import (
    PrivatePostgres,
    PrivateRabbitMQ,
    postgres_binaries,
    rabbitmq_server_script,
)
from flowloom.testkit.harness import SERVICES, DistributedPlatform

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@dataclass
class Outage:
    platform: DistributedPlatform
    postgres: PrivatePostgres
    rabbitmq: PrivateRabbitMQ
    headers: dict[str, str]

    async def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self.platform.request(method, path, headers=self.headers, **kwargs)

    async def health(self, service: str) -> dict[str, Any]:
        answer = await self.platform.request("GET", f"/api/{service}/healthz")
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"] == "application/json"
        found: dict[str, Any] = answer.json()
        return found


@pytest.fixture(scope="module")
async def outage(tmp_path_factory: pytest.TempPathFactory, s3: S3Endpoint) -> AsyncIterator[Outage]:
    binaries = postgres_binaries()
    testing.require_program("PostgreSQL's initdb", str(binaries) if binaries else None)
    testing.require_program("rabbitmq-server", rabbitmq_server_script())
    testing.require_program("nginx", nginx_binary())
    if os.geteuid() == 0:
        testing.require_program("setpriv (util-linux)", shutil.which("setpriv"))
    postgres, rabbitmq = PrivatePostgres(), PrivateRabbitMQ()
    try:
        await asyncio.gather(asyncio.to_thread(postgres.start), asyncio.to_thread(rabbitmq.start))
        platform = DistributedPlatform(
            tmp_path_factory.mktemp("outages"),
            s3,
            postgres_admin_url=postgres.url(),
            bus_url=rabbitmq.url,
        )
        await platform.start()
        try:
            _, token = await platform.project_token("outages")
            yield Outage(platform, postgres, rabbitmq, {"Authorization": f"Bearer {token}"})
        finally:
            postgres.start()  # the databases are dropped on it
            rabbitmq.start()
            await platform.stop()
    finally:
        postgres.cleanup()
        rabbitmq.cleanup()


def admin_login(platform: DistributedPlatform) -> dict[str, Any]:
    password = platform.admin_password()
    return {"json": {"username": "admin", "password": password}}


OUTAGE_SECONDS = 10
# One request per service that needs its database (the builder has none).
NEEDS_DATABASE = {
    "authorization": ("POST", "/api/authorization/login"),
    "repository": ("GET", "/api/repository/sources"),
    "studio": ("GET", "/api/studio/workflows"),
    "runner": ("GET", "/api/runner/runs"),
}


async def database_requests(outage: Outage) -> dict[str, httpx.Response]:
    answers = {}
    for service, (method, path) in NEEDS_DATABASE.items():
        extra = admin_login(outage.platform) if service == "authorization" else {}
        answers[service] = await outage.call(method, path, **extra)
    return answers


async def test_every_api_answers_503_problem_while_its_database_is_down(outage: Outage) -> None:
    before = await database_requests(outage)

    await asyncio.to_thread(outage.postgres.kill)
    try:
        at_once = await database_requests(outage)
        # Long enough for every background worker (outbox relays, schedulers) to meet it.
        await asyncio.sleep(OUTAGE_SECONDS)
        later = await database_requests(outage)
        health = {service: await outage.health(service) for service in NEEDS_DATABASE}
    finally:
        await asyncio.to_thread(outage.postgres.start)
    after = await database_requests(outage)

    assert {s: a.status_code for s, a in before.items()} == dict.fromkeys(NEEDS_DATABASE, 200)
    for service, answer in [*at_once.items(), *later.items()]:
        assert answer.status_code == 503, (service, answer.text)
        assert answer.headers["content-type"] == "application/problem+json", service
        assert answer.headers["retry-after"] == "5", service
        assert answer.json()["dependency"] == "database", service
        assert str(outage.postgres.port) not in answer.text, service
    for service, found in health.items():
        assert found["status"] == "degraded", service
        assert found["checks"]["database"]["status"] == "down", service
        assert found["checks"]["bus"]["status"] == "ok", service
    assert {s: a.status_code for s, a in after.items()} == dict.fromkeys(NEEDS_DATABASE, 200)


async def test_healthz_says_degraded_while_the_broker_is_down(outage: Outage) -> None:
    async def bus_is(wanted: str) -> bool:
        found = [await outage.health(service) for service in SERVICES]
        return all(health["checks"]["bus"]["status"] == wanted for health in found)

    assert await bus_is("ok")
    await asyncio.to_thread(outage.rabbitmq.kill)
    try:
        await testing.eventually(lambda: bus_is("down"), within=20, step=0.2)
        degraded = {service: await outage.health(service) for service in SERVICES}
        # A request that emits an event needs the database only: the event waits in the outbox.
        created = await outage.call("POST", "/api/studio/workflows", json={"name": "while-down"})
    finally:
        await asyncio.to_thread(outage.rabbitmq.start)
    await testing.eventually(lambda: bus_is("ok"), within=60, step=0.2)

    for service, health in degraded.items():
        assert health["status"] == "degraded", service
        assert health["checks"]["bus"] == {"status": "down", "detail": "BrokerUnavailable"}
        others = {name: check["status"] for name, check in health["checks"].items()}
        assert others == {**dict.fromkeys(others, "ok"), "bus": "down"}, service
    assert created.status_code == 201, created.text
    for service in SERVICES:
        assert (await outage.health(service))["status"] == "ok", service
