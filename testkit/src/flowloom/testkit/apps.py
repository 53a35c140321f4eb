"""A service's app served in-process to a test: through its lifespan, with the test's signing
keys, beside a bus of the test's own."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from dependency_injector import providers

from flowloom.adm.seaweed import S3Endpoint
from flowloom.servicekit.messaging import MessageBus, create_bus
from flowloom.servicekit.tokens import JwksCache
from flowloom.testkit.tokens import KeySet


@asynccontextmanager
async def served(
    app: Any, keys: KeySet, bus_url: str, base_url: str
) -> AsyncIterator[tuple[httpx.AsyncClient, MessageBus]]:
    """`app` (a service's `create_app(settings)`) through its lifespan, trusting tokens signed
    with `keys` (its deny-list stays its own: it consumes revocations); an HTTP client to it
    and a started bus on `bus_url`, for the test to act as the other services."""
    app.state.container.jwks.override(providers.Object(JwksCache(keys.jwks)))
    bus = create_bus(bus_url)
    await bus.start()
    try:
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
                yield client, bus
    finally:
        await bus.close()


def service_settings(
    database_url: str, bus_url: str, s3: S3Endpoint, data_dir: Path, bucket: str
) -> dict[str, Any]:
    """The settings a service under test takes like every other: its database and bus,
    `data_dir`, migrations on start, a bucket of its own (`<bucket>-…`) on `s3` and an outbox
    relay that polls every 0.2 s; the service's settings class adds its own."""
    return {
        "database_url": database_url,
        "bus_url": bus_url,
        "data_dir": data_dir,
        "migrate_on_start": True,
        **s3.settings(),
        "s3_bucket": f"{bucket}-{uuid.uuid4().hex[:12]}",
        "outbox_poll_seconds": 0.2,
    }
