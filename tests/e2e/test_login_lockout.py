"""A stranger hammering `admin` locks out their own address, never the admin. The client's
address reaches authorization through the platform's front door (nginx in distributed mode,
the gateway in embedded mode), and an `X-Forwarded-For` the stranger writes is not believed.

The stranger connects from 127.0.0.2, the admin from 127.0.0.1: both are loopback, but only
127.0.0.1 is a trusted proxy. Were the proxy's report ignored, every login would come from the
proxy's own address and the admin would be locked out too; were the stranger's header
believed, a new claimed address per attempt would never be locked.
"""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest

from flowloom.testkit.harness import Platform

pytestmark = [pytest.mark.e2e]
LOGIN = "/api/authorization/login"
LOCKOUTS = "/api/authorization/lockouts"


def claimed() -> dict[str, str]:
    """A made-up client address, new at each call (documentation range 192.0.2.0/24)."""
    return {"X-Forwarded-For": f"192.0.2.{uuid.uuid4().int % 250 + 1}"}


async def lock_out(stranger: httpx.AsyncClient) -> list[httpx.Response]:
    """Wrong passwords for admin until the lock lasts 4 s or more; every answer."""
    body = {"username": "admin", "password": "not the password"}
    answers: list[httpx.Response] = []
    while not answers or answers[-1].status_code != 429 or wait(answers[-1]) < 4:
        if answers and answers[-1].status_code == 429:
            await asyncio.sleep(wait(answers[-1]))
        answers.append(await stranger.post(LOGIN, json=body, headers=claimed()))
        assert len(answers) < 20, [a.status_code for a in answers]
    return answers


def wait(response: httpx.Response) -> int:
    return int(response.headers["retry-after"])


async def test_locks_out_the_strangers_address_and_not_admin_when_a_stranger_hammers_admin(
    shared_platform: Platform,
) -> None:
    platform = shared_platform
    password = platform.admin_password()
    right = {"username": "admin", "password": password}
    transport = httpx.AsyncHTTPTransport(local_address="127.0.0.2")
    origin = platform.base_url(LOGIN)
    async with httpx.AsyncClient(base_url=origin, transport=transport, timeout=60) as stranger:
        answers = await lock_out(stranger)
        refused = await stranger.post(LOGIN, json=right, headers=claimed())
        admin = await platform.request("POST", LOGIN, json=right)
    assert [a.status_code for a in answers[:5]] == [401] * 5
    assert refused.status_code == 429
    assert admin.status_code == 200, admin.text

    headers = {"Authorization": f"Bearer {admin.json()['access_token']}"}
    listed = await platform.request("GET", LOCKOUTS, headers=headers, params={"limit": 200})
    assert listed.status_code == 200, listed.text
    [lockout] = [
        item
        for item in listed.json()["items"]
        if (item["username"], item["address"]) == ("admin", "127.0.0.2")
    ]
    assert lockout["failures"] == sum(a.status_code == 401 for a in answers)
    cleared = await platform.request("DELETE", f"{LOCKOUTS}/{lockout['id']}", headers=headers)
    assert cleared.status_code == 204
