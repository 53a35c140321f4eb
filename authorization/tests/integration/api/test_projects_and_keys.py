"""Users, projects, members, project switch and API keys over HTTP — in both modes."""

from __future__ import annotations

import uuid

import httpx
import pytest

from .conftest import Platform, new_project, new_user

pytestmark = [pytest.mark.integration, pytest.mark.e2e]


def test_forbids_user_admin_when_caller_is_not_admin(newcomer: httpx.Client) -> None:
    listing = newcomer.get("/api/authorization/users")
    creating = newcomer.post(
        "/api/authorization/users", json={"username": "sneaky", "password": "12345678x"}
    )
    project = newcomer.post("/api/authorization/projects", json={"name": "mine"})
    assert (listing.status_code, creating.status_code, project.status_code) == (403, 403, 403)


def test_refuses_duplicate_username_with_conflict(admin: httpx.Client) -> None:
    username, _ = new_user(admin)
    again = admin.post(
        "/api/authorization/users", json={"username": username, "password": "another-one1"}
    )
    assert again.status_code == 409
    assert again.json()["title"] == "Conflict"


def test_pages_users_with_cursor(admin: httpx.Client) -> None:
    for _ in range(3):
        new_user(admin)
    first = admin.get("/api/authorization/users", params={"limit": 2}).json()
    second = admin.get(
        "/api/authorization/users", params={"limit": 2, "cursor": first["next_cursor"]}
    ).json()
    names = [u["username"] for u in first["items"] + second["items"]]
    assert len(first["items"]) == 2
    assert names == sorted(names)
    assert len(set(names)) == 4


def test_refuses_to_deactivate_last_admin(admin: httpx.Client) -> None:
    me = admin.get("/api/authorization/me").json()["user"]
    response = admin.patch(f"/api/authorization/users/{me['id']}", json={"active": False})
    assert response.status_code == 409


def test_scopes_token_to_project_when_member_switches(
    platform: Platform, admin: httpx.Client
) -> None:
    project = new_project(admin)
    username, password = new_user(admin)
    added = admin.post(
        f"/api/authorization/projects/{project['id']}/members",
        json={"username": username, "role": "developer"},
    )
    assert added.status_code == 201
    tokens = platform.login(username, password)
    assert (tokens["project_id"], tokens["role"]) == (project["id"], "developer")
    with platform.client(str(tokens["access_token"])) as client:
        me = client.get("/api/authorization/me").json()
        members = client.get(f"/api/authorization/projects/{project['id']}/members")
        adding = client.post(
            f"/api/authorization/projects/{project['id']}/members",
            json={"username": "admin", "role": "viewer"},
        )
    assert me["memberships"] == [
        {"project_id": project["id"], "project_name": project["name"], "role": "developer"}
    ]
    assert members.status_code == 200
    assert adding.status_code == 403


def test_hides_project_with_404_when_caller_is_not_member(
    admin: httpx.Client, newcomer: httpx.Client
) -> None:
    project = new_project(admin)
    shown = newcomer.get(f"/api/authorization/projects/{project['id']}")
    missing = newcomer.get(f"/api/authorization/projects/{uuid.uuid4()}")
    switched = newcomer.post("/api/authorization/me/project", json={"project_id": project["id"]})
    assert shown.status_code == missing.status_code == switched.status_code == 404
    assert shown.json()["detail"] == missing.json()["detail"]


def test_keeps_last_owner_when_removal_is_attempted(admin: httpx.Client) -> None:
    project = new_project(admin)
    me = admin.get("/api/authorization/me").json()["user"]
    response = admin.delete(f"/api/authorization/projects/{project['id']}/members/{me['id']}")
    assert response.status_code == 409


def test_exchanges_api_key_until_revoked(platform: Platform, admin: httpx.Client) -> None:
    project = new_project(admin)
    created = admin.post(
        "/api/authorization/api-keys", json={"name": "ci", "project_id": project["id"]}
    )
    assert created.status_code == 201
    secret = created.json()["api_key"]
    key_id = created.json()["key"]["id"]
    listed = admin.get("/api/authorization/api-keys").json()["items"]
    assert secret not in str(listed)
    with platform.client() as client:
        exchanged = client.post("/api/authorization/api-keys/exchange", json={"api_key": secret})
        assert exchanged.status_code == 200
        assert exchanged.json()["refresh_token"] is None
        assert exchanged.json()["project_id"] == project["id"]
        assert admin.delete(f"/api/authorization/api-keys/{key_id}").status_code == 204
        refused = client.post("/api/authorization/api-keys/exchange", json={"api_key": secret})
        garbage = client.post("/api/authorization/api-keys/exchange", json={"api_key": "flk_x"})
    assert refused.status_code == garbage.status_code == 401


def test_forgets_project_members_and_keys_when_project_is_deleted(
    platform: Platform, admin: httpx.Client
) -> None:
    project = new_project(admin)
    username, password = new_user(admin)
    admin.post(
        f"/api/authorization/projects/{project['id']}/members",
        json={"username": username, "role": "viewer"},
    )
    assert admin.delete(f"/api/authorization/projects/{project['id']}").status_code == 204
    assert admin.get(f"/api/authorization/projects/{project['id']}").status_code == 404
    tokens = platform.login(username, password)
    assert tokens["project_id"] is None
