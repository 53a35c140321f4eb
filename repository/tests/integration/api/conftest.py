"""The repository app on a real database, bus and S3, driven over HTTP with signed tokens."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from dependency_injector import providers

from flowloom.adm.seaweed import S3Endpoint
from flowloom.repository.app import create_app
from flowloom.repository.infrastructure.database.cipher import FernetCredentialCipher
from flowloom.repository.settings import RepositorySettings
from flowloom.servicekit.messaging import create_bus
from flowloom.servicekit.tokens import JwksCache
from flowloom.testkit import testing

from .builder import FakeBuilder
from .service import Service
from .tokens import KeySet

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
async def amqp_vhost() -> AsyncIterator[str]:
    """One RabbitMQ virtual host for this session: the service's durable queues stay ours."""
    testing.require_rabbitmq()
    url = await testing.create_vhost("flowloom-repository-test")
    yield url
    await testing.delete_vhost(url)


@pytest.fixture
def service_bus_url(bus_url: str, request: pytest.FixtureRequest) -> str:
    if bus_url.startswith("memory"):
        return bus_url
    vhost: str = request.getfixturevalue("amqp_vhost")
    return vhost


@pytest.fixture
def settings(
    database_url: str, service_bus_url: str, s3: S3Endpoint, tmp_path: Path
) -> RepositorySettings:
    return RepositorySettings(
        database_url=database_url,
        bus_url=service_bus_url,
        data_dir=tmp_path / "data",
        # Every repository of these tests lives under tmp_path; so does the data dir, which no
        # source may read all the same.
        local_roots=[tmp_path],
        migrate_on_start=True,
        s3_url=s3.url,
        s3_access_key=s3.access_key,
        s3_secret_key=s3.secret_key,
        s3_bucket=f"sources-{uuid.uuid4().hex[:12]}",
        credentials_key=FernetCredentialCipher.generate_key(),
        outbox_poll_seconds=0.2,
        build_time_limit_seconds=600,
    )


@asynccontextmanager
async def open_service(
    settings: RepositorySettings, tmp_path: Path, keys: KeySet, project: str
) -> AsyncIterator[Service]:
    """The app through its lifespan, a fake builder on the same bus, an HTTP client."""
    app = create_app(settings)
    # The keys are the fake ones; the deny-list stays the service's (it consumes revocations).
    app.state.container.jwks.override(providers.Object(JwksCache(keys.jwks)))
    bus = create_bus(settings.bus_url)
    await bus.start()
    try:
        async with LifespanManager(app) as manager:
            builder = FakeBuilder(bus)
            await builder.listen()
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://repo") as client:
                yield Service(client, keys, project, builder, settings, tmp_path, app=app)
    finally:
        await bus.close()


@pytest.fixture
async def service(settings: RepositorySettings, tmp_path: Path) -> AsyncIterator[Service]:
    async with open_service(settings, tmp_path, KeySet(), f"p-{uuid.uuid4().hex[:8]}") as found:
        yield found
