"""Tokens die with their user: for each cause, a token every service's API accepts is refused
(401) by every one of them within 5 s, and still after the services restart. Embedded and
distributed (the real RabbitMQ and PostgreSQL).

The action builder has no authenticated API (health only): it verifies no token."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from flowloom.testkit.harness import Platform

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# One authenticated read per service that verifies tokens.
APIS = {
    "authorization": "/api/authorization/me",
    "repository": "/api/repository/sources",
    "studio": "/api/studio/workflows",
    "runner": "/api/runner/runs",
}
WITHIN = 5.0  # the bound the platform promises (docs/security/tokens.md)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def statuses(platform: Platform, token: str) -> dict[str, int]:
    responses = await asyncio.gather(
        *(platform.request("GET", path, headers=bearer(token)) for path in APIS.values())
    )
    return {service: r.status_code for service, r in zip(APIS, responses, strict=True)}


async def accepted_everywhere(platform: Platform, token: str) -> None:
    assert await statuses(platform, token) == dict.fromkeys(APIS, 200)


async def refused_everywhere_within(platform: Platform, token: str) -> dict[str, float]:
    """Poll every API until each answers 401; how long each took (all under WITHIN)."""
    began = time.monotonic()
    delays: dict[str, float] = {}
    while len(delays) < len(APIS):
        elapsed = time.monotonic() - began
        for service, status in (await statuses(platform, token)).items():
            if status == 401:
                delays.setdefault(service, elapsed)
            else:
                assert status == 200, (service, status)
        missing = set(APIS) - set(delays)
        assert not missing or elapsed < WITHIN, (
            f"{missing} still accept the token after {elapsed:.1f} s"
        )
        await asyncio.sleep(0.05)
    print(f"refused after (s): { {s: round(d, 2) for s, d in delays.items()} }")
    return delays


@dataclass
class Member:
    """A developer of a project of their own, logged in; the admin manages them."""

    platform: Platform
    admin: dict[str, str]
    project_id: str
    user_id: str
    username: str
    password: str
    token: str

    async def admin_call(self, method: str, path: str, expect: int, **kwargs: Any) -> Any:
        response = await self.platform.request(method, path, headers=self.admin, **kwargs)
        assert response.status_code == expect, response.text
        return response.json() if response.content else None

    async def call(self, method: str, path: str, expect: int, **kwargs: Any) -> Any:
        response = await self.platform.request(method, path, headers=bearer(self.token), **kwargs)
        assert response.status_code == expect, response.text
        return response.json() if response.content else None

    async def login(self, password: str | None = None) -> str:
        body = {"username": self.username, "password": password or self.password,
                "project_id": self.project_id}  # fmt: skip
        response = await self.platform.request("POST", "/api/authorization/login", json=body)
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])


async def new_member(platform: Platform) -> Member:
    project_id, admin_token = await platform.project_token(f"revoke-{uuid.uuid4().hex[:8]}")
    admin = bearer(admin_token)
    username, password = f"dev-{uuid.uuid4().hex[:8]}", "correct horse battery"
    created = await platform.request(
        "POST", "/api/authorization/users", headers=admin,
        json={"username": username, "password": password},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    added = await platform.request(
        "POST", f"/api/authorization/projects/{project_id}/members", headers=admin,
        json={"username": username, "role": "developer"},
    )  # fmt: skip
    assert added.status_code == 201, added.text
    member = Member(platform, admin, project_id, created.json()["id"], username, password, "")
    member.token = await member.login()
    return member


# How an admin ends a member's access: the call (its path of the member) and its status.
ENDINGS = {
    "user-deactivated": ("PATCH", "/api/authorization/users/{user_id}", 200, {"active": False}),
    "user-deleted": ("DELETE", "/api/authorization/users/{user_id}", 204, None),
    "member-removed": (
        "DELETE",
        "/api/authorization/projects/{project_id}/members/{user_id}",
        204,
        None,
    ),
}


@pytest.mark.parametrize("ending", ENDINGS)
async def test_refuses_tokens_everywhere_when_access_ends(
    shared_platform: Platform, ending: str
) -> None:
    method, path, status, body = ENDINGS[ending]
    member = await new_member(shared_platform)
    await accepted_everywhere(shared_platform, member.token)
    ended = path.format(user_id=member.user_id, project_id=member.project_id)
    await member.admin_call(method, ended, status, json=body)
    await refused_everywhere_within(shared_platform, member.token)


async def test_refuses_its_tokens_everywhere_when_api_key_is_revoked(
    shared_platform: Platform,
) -> None:
    member = await new_member(shared_platform)
    created = await member.call(
        "POST", "/api/authorization/api-keys", 201,
        json={"name": "ci", "project_id": member.project_id},
    )  # fmt: skip
    exchanged = await shared_platform.request(
        "POST", "/api/authorization/api-keys/exchange", json={"api_key": created["api_key"]}
    )
    key_token = str(exchanged.json()["access_token"])
    await accepted_everywhere(shared_platform, key_token)
    await member.call("DELETE", f"/api/authorization/api-keys/{created['key']['id']}", 204)
    await refused_everywhere_within(shared_platform, key_token)
    await accepted_everywhere(shared_platform, member.token)  # only the key's tokens died


async def test_refuses_old_tokens_everywhere_when_password_is_changed(
    shared_platform: Platform,
) -> None:
    member = await new_member(shared_platform)
    elsewhere = await member.login()  # another session of the same user
    await accepted_everywhere(shared_platform, member.token)
    changed = await member.call(
        "PUT", "/api/authorization/me/password", 200,
        json={"old_password": member.password, "new_password": "a brand new one"},
    )  # fmt: skip
    await refused_everywhere_within(shared_platform, member.token)
    await refused_everywhere_within(shared_platform, elsewhere)
    await accepted_everywhere(shared_platform, str(changed["access_token"]))


async def test_still_refuses_revoked_token_when_services_restart(
    shared_platform: Platform,
) -> None:
    member = await new_member(shared_platform)
    bystander = await new_member(shared_platform)
    path = f"/api/authorization/projects/{member.project_id}/members/{member.user_id}"
    await member.admin_call("DELETE", path, 204)
    await refused_everywhere_within(shared_platform, member.token)

    for service in APIS:  # embedded: one process, restarted once is enough
        await shared_platform.restart_service(service)
        if shared_platform.mode == "embedded":
            break

    assert await statuses(shared_platform, member.token) == dict.fromkeys(APIS, 401)
    await accepted_everywhere(shared_platform, bystander.token)
