"""The studio app on a real database, bus and S3, driven over HTTP with signed tokens."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flowloom.adm.seaweed import S3Endpoint
from flowloom.studio.app import create_app
from flowloom.studio.infrastructure.database.cipher import SecretCipher
from flowloom.studio.infrastructure.messaging.transport import TransportCipher
from flowloom.studio.settings import StudioSettings
from flowloom.testkit.apps import served, service_settings
from flowloom.testkit.tokens import KeySet

from .service import Studio

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def vhost_prefix() -> str:
    return "flowloom-studio-test"


@pytest.fixture
def settings(
    database_url: str, service_bus_url: str, s3: S3Endpoint, tmp_path: Path
) -> StudioSettings:
    return StudioSettings(
        **service_settings(database_url, service_bus_url, s3, tmp_path / "data", "studio"),
        secrets_key=SecretCipher.generate_key(),
        secrets_transport_key=TransportCipher.generate_key(),
    )


@pytest.fixture
async def studio(settings: StudioSettings) -> AsyncIterator[Studio]:
    """The app through its lifespan, a bus of the test's own, an HTTP client."""
    app = create_app(settings)
    keys = KeySet()
    async with served(app, keys, settings.bus_url, "http://studio") as (client, bus):
        studio = Studio(client, keys, f"p-{uuid.uuid4().hex[:8]}", bus, app)
        await studio.listen_orders()
        yield studio
