"""The repository app on a real database, bus and S3, driven over HTTP with signed tokens."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from flowloom.adm.seaweed import S3Endpoint
from flowloom.repository.app import create_app
from flowloom.repository.infrastructure.database.cipher import FernetCredentialCipher
from flowloom.repository.settings import RepositorySettings
from flowloom.testkit.apps import served, service_settings
from flowloom.testkit.tokens import KeySet

from .builder import FakeBuilder
from .service import Service

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def vhost_prefix() -> str:
    return "flowloom-repository-test"


@pytest.fixture
def settings(
    database_url: str, service_bus_url: str, s3: S3Endpoint, tmp_path: Path
) -> RepositorySettings:
    return RepositorySettings(
        **service_settings(database_url, service_bus_url, s3, tmp_path / "data", "sources"),
        # Every repository of these tests lives under tmp_path; so does the data dir, which no
        # source may read all the same.
        local_roots=[tmp_path],
        credentials_key=FernetCredentialCipher.generate_key(),
        build_time_limit_seconds=600,
    )


@asynccontextmanager
async def open_service(
    settings: RepositorySettings, tmp_path: Path, keys: KeySet, project: str
) -> AsyncIterator[Service]:
    """The app through its lifespan, a fake builder on the same bus, an HTTP client."""
    app = create_app(settings)
    async with served(app, keys, settings.bus_url, "http://repo") as (client, bus):
        builder = FakeBuilder(bus)
        await builder.listen()
        yield Service(client, keys, project, builder, settings, tmp_path, app=app)


@pytest.fixture
async def service(settings: RepositorySettings, tmp_path: Path) -> AsyncIterator[Service]:
    async with open_service(settings, tmp_path, KeySet(), f"p-{uuid.uuid4().hex[:8]}") as found:
        yield found
