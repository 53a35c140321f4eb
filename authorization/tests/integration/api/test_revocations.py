"""Tokens die with what granted them: this service's own API refuses them within seconds
(through the `tokens.revoked` message it emits and consumes), in both modes."""

from __future__ import annotations

import time

import httpx
import pytest

from .conftest import Platform, new_project, new_user

pytestmark = [pytest.mark.integration, pytest.mark.e2e]
ME = "/api/authorization/me"
# The bound the platform promises between a revocation and its enforcement everywhere.
WITHIN = 5.0


def refused_within(platform: Platform, token: str, seconds: float = WITHIN) -> float:
    """How long `GET /me` kept accepting `token` (it must answer 401 before `seconds`)."""
    began = time.monotonic()
    with platform.client(token) as client:
        while (status := client.get(ME).status_code) != 401:
            assert status == 200, status
            assert time.monotonic() - began < seconds, f"still accepted after {seconds} s"
            time.sleep(0.05)
    return time.monotonic() - began


def accepted(platform: Platform, token: str) -> bool:
    with platform.client(token) as client:
        return client.get(ME).status_code == 200


def test_refuses_old_token_when_password_was_changed(platform: Platform, admin: httpx.Client):
    username, password = new_user(admin)
    old = platform.token(username, password)
    other_session = platform.token(username, password)
    assert accepted(platform, old)
    with platform.client(old) as client:
        changed = client.put(
            f"{ME}/password", json={"old_password": password, "new_password": "another one!"}
        )
    assert changed.status_code == 200, changed.text
    refused_within(platform, old)
    refused_within(platform, other_session)
    assert accepted(platform, changed.json()["access_token"])


def test_refuses_exchanged_token_when_api_key_was_revoked(
    platform: Platform, admin: httpx.Client
) -> None:
    project = new_project(admin)
    created = admin.post(
        "/api/authorization/api-keys", json={"name": "ci", "project_id": project["id"]}
    ).json()
    with platform.client() as client:
        exchanged = client.post(
            "/api/authorization/api-keys/exchange", json={"api_key": created["api_key"]}
        ).json()["access_token"]
    assert accepted(platform, exchanged)
    assert admin.delete(f"/api/authorization/api-keys/{created['key']['id']}").status_code == 204
    refused_within(platform, exchanged)
    assert admin.get(ME).status_code == 200  # the key owner's login goes on


def test_refuses_project_token_when_member_was_removed(
    platform: Platform, admin: httpx.Client
) -> None:
    project = new_project(admin)
    username, password = new_user(admin)
    members = f"/api/authorization/projects/{project['id']}/members"
    admin.post(members, json={"username": username, "role": "developer"})
    tokens = platform.login(username, password)
    assert tokens["project_id"] == project["id"]
    user_id = httpx.get(
        platform.base_url + ME,
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    ).json()["user"]["id"]
    assert admin.delete(f"{members}/{user_id}").status_code == 204
    refused_within(platform, str(tokens["access_token"]))
    # A new login is not for that project any more, and works.
    assert accepted(platform, platform.token(username, password))


def test_refuses_token_when_user_was_deactivated(platform: Platform, admin: httpx.Client):
    username, password = new_user(admin)
    token = platform.token(username, password)
    with platform.client(token) as client:
        user_id = client.get(ME).json()["user"]["id"]
    response = admin.patch(f"/api/authorization/users/{user_id}", json={"active": False})
    assert response.status_code == 200, response.text
    refused_within(platform, token)
