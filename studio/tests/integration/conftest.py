"""The studio app on a real database, bus and S3, driven over HTTP with signed tokens."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from dependency_injector import providers

from flowloom.adm.seaweed import S3Endpoint
from flowloom.servicekit.messaging import create_bus
from flowloom.servicekit.tokens import JwksCache
from flowloom.studio.app import create_app
from flowloom.studio.infrastructure.database.cipher import SecretCipher
from flowloom.studio.infrastructure.messaging.transport import TransportCipher
from flowloom.studio.settings import StudioSettings
from flowloom.testkit import testing

from .service import Studio
from .tokens import KeySet

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
async def amqp_vhost() -> AsyncIterator[str]:
    """One RabbitMQ virtual host for this session: the studio's durable queues stay ours."""
    testing.require_rabbitmq()
    url = await testing.create_vhost("flowloom-studio-test")
    yield url
    await testing.delete_vhost(url)


@pytest.fixture
def studio_bus_url(bus_url: str, request: pytest.FixtureRequest) -> str:
    if bus_url.startswith("memory"):
        return bus_url
    vhost: str = request.getfixturevalue("amqp_vhost")
    return vhost


@pytest.fixture
def settings(
    database_url: str, studio_bus_url: str, s3: S3Endpoint, tmp_path: Path
) -> StudioSettings:
    return StudioSettings(
        database_url=database_url,
        bus_url=studio_bus_url,
        data_dir=tmp_path / "data",
        migrate_on_start=True,
        s3_url=s3.url,
        s3_access_key=s3.access_key,
        s3_secret_key=s3.secret_key,
        s3_bucket=f"studio-{uuid.uuid4().hex[:12]}",
        secrets_key=SecretCipher.generate_key(),
        secrets_transport_key=TransportCipher.generate_key(),
        outbox_poll_seconds=0.2,
    )


@pytest.fixture
async def studio(settings: StudioSettings) -> AsyncIterator[Studio]:
    """The app through its lifespan, a bus of the test's own, an HTTP client."""
    app = create_app(settings)
    keys = KeySet()
    # The keys are the fake ones; the deny-list stays the service's (it consumes revocations).
    app.state.container.jwks.override(providers.Object(JwksCache(keys.jwks)))
    bus = create_bus(settings.bus_url)
    await bus.start()
    try:
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://studio") as client:
                studio = Studio(client, keys, f"p-{uuid.uuid4().hex[:8]}", bus, app)
                await studio.listen_orders()
                yield studio
    finally:
        await bus.close()
