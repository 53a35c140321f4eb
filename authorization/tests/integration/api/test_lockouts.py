"""Login lockout per (username, client address) through the real HTTP stack, in both modes.

Each client address is a loopback address of its own (127.0.0.0/8): embedded, the client
connects from it (`flowloom-adm up` is the front door and believes no header); distributed, the
test plays the reverse proxy: it connects from 127.0.0.1, a trusted proxy by default
(`TRUSTED_PROXIES`), and names the address in `X-Forwarded-For`. A client connecting from
127.0.0.2 is no proxy: its `X-Forwarded-For` is ignored in both modes.
"""

from __future__ import annotations

import ipaddress
import secrets
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from .conftest import Platform, new_user

pytestmark = [pytest.mark.integration, pytest.mark.e2e]
LOGIN = "/api/authorization/login"
LOCKOUTS = "/api/authorization/lockouts"
WRONG = "not the password"
# Loopback addresses past 127.0.1.0: a machine's own, never 127.0.0.1/2, one per test.
FIRST = int(ipaddress.IPv4Address("127.0.1.0"))


def address() -> str:
    return str(ipaddress.IPv4Address(FIRST + secrets.randbelow(2**23)))


def attempt(client: httpx.Client, username: str, password: str) -> httpx.Response:
    """A login from the client's address (see `Platform.client`)."""
    return client.post(LOGIN, json={"username": username, "password": password})


def retry_after(response: httpx.Response) -> int:
    return int(response.headers["retry-after"])


def lock_out(client: httpx.Client, username: str) -> list[httpx.Response]:
    """Wrong passwords until the lock lasts 4 s or more (room for the test's next requests,
    however slow the machine); every answer. A 429 is waited out before failing again."""
    answers: list[httpx.Response] = []
    while not answers or answers[-1].status_code != 429 or retry_after(answers[-1]) < 4:
        if answers and answers[-1].status_code == 429:
            time.sleep(retry_after(answers[-1]))
        answers.append(attempt(client, username, WRONG))
        assert len(answers) < 20, [a.status_code for a in answers]
    return answers


def lockouts(admin: httpx.Client) -> list[dict[str, object]]:
    response = admin.get(LOCKOUTS, params={"limit": 200})
    assert response.status_code == 200, response.text
    items: list[dict[str, object]] = response.json()["items"]
    return items


def test_locks_out_only_the_strangers_address_when_they_hammer_admin(
    platform: Platform, admin: httpx.Client
) -> None:
    with platform.client(via=address()) as stranger, platform.client(via=address()) as elsewhere:
        answers = lock_out(stranger, "admin")
        refused = attempt(stranger, "admin", platform.admin_password)
        from_elsewhere = attempt(elsewhere, "admin", platform.admin_password)
    with platform.client() as direct:
        unproxied = attempt(direct, "admin", platform.admin_password)
    assert [a.status_code for a in answers[:5]] == [401] * 5
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert retry_after(refused) >= 1
    assert from_elsewhere.status_code == 200, from_elsewhere.text
    assert unproxied.status_code == 200, unproxied.text
    waits = [retry_after(a) for a in answers if a.status_code == 429]
    assert waits == sorted(waits)
    assert waits[-1] >= 4, "the lock grows with each failure"


def test_logs_and_lists_a_lockout_once_when_a_stranger_goes_on(
    platform: Platform, admin: httpx.Client
) -> None:
    stranger = address()
    with platform.client(via=stranger) as client:
        answers = lock_out(client, "admin")
        for _ in range(3):
            assert attempt(client, "admin", WRONG).status_code == 429
    failures = sum(a.status_code == 401 for a in answers)
    [listed] = [item for item in lockouts(admin) if item["address"] == stranger]
    assert listed["username"] == "admin"
    assert listed["failures"] == failures
    assert listed["locked_until"]
    assert isinstance(listed["retry_after_seconds"], int)
    assert listed["retry_after_seconds"] >= 1
    lines = platform.log().splitlines()
    logged = [line for line in lines if "login locked out" in line and stranger in line]
    assert len(logged) == 1, logged
    assert "WARNING" in logged[0]
    assert "'admin'" in logged[0]


def test_lets_the_user_in_again_when_an_admin_clears_the_lockout(
    platform: Platform, admin: httpx.Client
) -> None:
    username, password = new_user(admin)
    with platform.client(via=address()) as stranger:
        lock_out(stranger, username)
        [listed] = [item for item in lockouts(admin) if item["username"] == username]
        cleared = admin.delete(f"{LOCKOUTS}/{listed['id']}")
        again = admin.delete(f"{LOCKOUTS}/{listed['id']}")
        back_in = attempt(stranger, username, password)
    assert cleared.status_code == 204
    assert again.status_code == 404
    assert back_in.status_code == 200, back_in.text
    assert not [item for item in lockouts(admin) if item["username"] == username]


def test_refuses_lockouts_to_users_who_are_not_admins(
    platform: Platform, newcomer: httpx.Client
) -> None:
    listed = newcomer.get(LOCKOUTS)
    cleared = newcomer.delete(f"{LOCKOUTS}/{'0' * 32}")
    with platform.client() as anonymous:
        unauthenticated = anonymous.get(LOCKOUTS)
    assert listed.status_code == cleared.status_code == 403
    assert unauthenticated.status_code == 401


def test_ignores_forwarded_for_when_the_client_is_no_trusted_proxy(
    platform: Platform, admin: httpx.Client
) -> None:
    username, password = new_user(admin)
    transport = httpx.HTTPTransport(local_address="127.0.0.2")
    with httpx.Client(base_url=platform.base_url, transport=transport, timeout=30) as client:
        # A new address claimed at every attempt: were it believed, nothing would ever lock.
        client.event_hooks["request"] = [claim_another_address]
        answers = lock_out(client, username)
        refused = attempt(client, username, password)
    assert [a.status_code for a in answers[:5]] == [401] * 5
    assert refused.status_code == 429
    [listed] = [item for item in lockouts(admin) if item["username"] == username]
    assert listed["address"] == "127.0.0.2"


def claim_another_address(request: httpx.Request) -> None:
    request.headers["X-Forwarded-For"] = address()


def test_counts_every_failure_when_a_stranger_fires_them_at_once(
    platform: Platform, admin: httpx.Client
) -> None:
    username, stranger = f"ghost-{uuid.uuid4().hex[:8]}", address()

    def fail(_: int) -> httpx.Response:
        with platform.client(via=stranger) as client:
            return attempt(client, username, WRONG)

    with ThreadPoolExecutor(8) as pool:
        statuses = [answer.status_code for answer in pool.map(fail, range(16))]
    assert set(statuses) <= {401, 429}, statuses
    assert statuses.count(401) >= 5
    [listed] = [item for item in lockouts(admin) if item["username"] == username]
    assert listed["failures"] == statuses.count(401)
