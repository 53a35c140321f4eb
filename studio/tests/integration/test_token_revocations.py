"""Tokens revoked by authorization (`tokens.revoked`) are refused within seconds, and still
after a restart."""

from __future__ import annotations

import httpx
import pytest
from asgi_lifespan import LifespanManager
from dependency_injector import providers

from flowloom.servicekit.tokens import JwksCache
from flowloom.studio.app import create_app
from flowloom.studio.settings import StudioSettings
from flowloom.testkit import testing

from .messages import tokens_revoked
from .service import PREFIX, Studio

pytestmark = pytest.mark.integration
WITHIN = 5.0  # the platform's bound between a revocation and its enforcement


async def status(client: httpx.AsyncClient, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return (await client.get(f"{PREFIX}/workflows", headers=headers)).status_code


async def test_refuses_token_when_authorization_revokes_it(
    studio: Studio, settings: StudioSettings
) -> None:
    token = studio.keys.token(studio.project, "owner")
    other_project = studio.keys.token("p-other", "owner")
    assert await status(studio.client, token) == 200
    await studio.bus.publish(tokens_revoked("u1", studio.project))

    async def refused() -> bool:
        return await status(studio.client, token) == 401

    await testing.eventually(refused, within=WITHIN, step=0.05)
    assert await status(studio.client, other_project) == 200

    # A restarted studio (same database) learns the revocation again at start.
    app = create_app(settings)
    app.state.container.jwks.override(providers.Object(JwksCache(studio.keys.jwks)))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://studio") as client:
            assert await status(client, token) == 401
            assert await status(client, other_project) == 200
