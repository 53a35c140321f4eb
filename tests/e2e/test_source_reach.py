"""Sources cannot reach what they should not, on the real platform (embedded and distributed):
a developer who is not a platform admin, and the admin, in one project. LOCAL_ROOTS and
ALLOWED_NETWORKS are not set (their defaults): only the admin may add file:// sources."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from flowloom.testkit.actions import action, git_repository
from flowloom.testkit.harness import Platform

from .support import User

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

HANDLER = "def handle(inputs):\n    return {'hi': inputs['name']}\n"
INTO_DATA = "leads into the platform's own data, which no source may read"


async def developer(platform: Platform, project_id: str, admin: User) -> User:
    """A second user, not a platform admin, developer in the admin's project."""
    name = f"dev-{os.urandom(3).hex()}"
    body = {"username": name, "password": "a developer password"}
    await admin.call("POST", "/api/authorization/users", 201, json=body)
    await admin.call("POST", f"/api/authorization/projects/{project_id}/members", 201,
                     json={"username": name, "role": "developer"})  # fmt: skip
    login = await platform.request(
        "POST", "/api/authorization/login", json={**body, "project_id": project_id}
    )
    assert login.status_code == 200, login.text
    return User(platform, project_id, login.json()["access_token"])


async def refusal(user: User, url: str) -> str:
    problem: dict[str, Any] = await user.call(
        "POST", "/api/repository/sources", 422, json={"name": "refused", "url": url}
    )
    [error] = problem["errors"]
    assert error["field"] == "body.url"
    return str(error["message"])


async def test_refuses_developer_what_only_admin_may_reach_and_everyone_the_platform_data(
    shared_platform: Platform, tmp_path: Path
) -> None:
    project_id, token = await shared_platform.project_token("source-reach")
    admin = User(shared_platform, project_id, token)
    dev = await developer(shared_platform, project_id, admin)
    repo = git_repository(tmp_path / "repo", {"greet": action("greet", ["name"], ["hi"], HANDLER)})
    data = shared_platform.data_dir

    local = await refusal(dev, f"file://{repo}")
    loopback = await refusal(dev, "https://127.0.0.1/x.git")
    named = await refusal(dev, "https://localhost/x.git")
    metadata = await refusal(dev, "https://169.254.169.254/latest")
    source = await admin.call("POST", "/api/repository/sources", 201,
                              json={"name": "by-admin", "url": f"file://{repo}"})  # fmt: skip
    scan = await dev.call("POST", f"/api/repository/sources/{source['id']}/scans", 202, json={})
    scan = await dev.until(f"/api/repository/scans/{scan['id']}", "state", {"Done", "Failed"})
    mirror = next(data.rglob("git-cache/*.git"))  # any project's cached repository

    assert local.startswith("only platform administrators may add file:// sources")
    assert loopback.startswith("127.0.0.1 is a loopback address: only platform administrators")
    assert named.startswith("host localhost resolves to 127.0.0.1, a loopback address")
    assert metadata.startswith("169.254.169.254 is a link-local address")
    assert scan["state"] == "Done", scan  # the developer scans with the reach of the admin
    for url in (f"file://{data}", f"file://{mirror}"):
        assert await refusal(dev, url) == f"{url} {INTO_DATA}"
        assert await refusal(admin, url) == f"{url} {INTO_DATA}"
