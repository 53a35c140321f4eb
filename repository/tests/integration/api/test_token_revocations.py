"""Tokens revoked by authorization (`tokens.revoked`) are refused within seconds, and still
after a restart."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from flowloom.repository.infrastructure.messaging.protobuf.authorization.v1 import (
    authorization_events_pb2 as authorization_pb,
)
from flowloom.repository.settings import RepositorySettings
from flowloom.testkit import testing
from flowloom.testkit.tokens import KeySet

from .conftest import open_service
from .service import API, Service

pytestmark = pytest.mark.integration
WITHIN = 5.0  # the platform's bound between a revocation and its enforcement


def revoked(user_id: str, project_id: str = "") -> authorization_pb.TokensRevoked:
    """What authorization emits for tokens issued until now (a member removed, say)."""
    now = datetime.now(UTC)
    before, until = Timestamp(), Timestamp()
    before.FromDatetime(now)
    until.FromDatetime(now + timedelta(minutes=15))
    return authorization_pb.TokensRevoked(
        event_id=str(uuid.uuid4()), user_id=user_id, project_id=project_id,
        issued_before=before, expires_at=until,
        reason=authorization_pb.TOKEN_REVOCATION_REASON_MEMBERSHIP_REMOVED,
    )  # fmt: skip


async def status(service: Service, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return (await service.client.get(f"{API}/sources", headers=headers)).status_code


async def refused_within(service: Service, token: str) -> None:
    async def refused() -> bool:
        return await status(service, token) == 401

    await testing.eventually(refused, within=WITHIN, step=0.05)


async def test_refuses_token_when_authorization_revokes_it(service: Service) -> None:
    project = service.project_id
    token = service.keys.token(project, iat=time.time() - 1)
    of_another_project = service.keys.token("p-other", iat=time.time() - 1)
    of_another_user = service.keys.token(project, sub="u2", iat=time.time() - 1)
    assert await status(service, token) == 200
    await service.builder.send("tokens.revoked", revoked("u1", project), "authorization.events")
    await refused_within(service, token)
    assert await status(service, of_another_project) == 200
    assert await status(service, of_another_user) == 200


@pytest.mark.slow
async def test_still_refuses_token_when_restarted_after_revocation(
    settings: RepositorySettings, tmp_path: Path
) -> None:
    keys = KeySet()
    token = keys.token("p-restart", iat=time.time() - 1)
    async with open_service(settings, tmp_path, keys, "p-restart") as first:
        await first.builder.send("tokens.revoked", revoked("u1"), "authorization.events")
        await refused_within(first, token)

    async with open_service(settings, tmp_path, keys, "p-restart") as second:
        assert await status(second, token) == 401
        assert await status(second, keys.token("p-restart", sub="u2")) == 200
