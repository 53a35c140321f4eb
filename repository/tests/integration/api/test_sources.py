"""Sources through HTTP: CRUD, credentials never shown, input errors, roles, projects."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import text

from flowloom.servicekit.database.engine import create_engine

from ..git_repos import commit_all, init_repo, write_action
from ..https_git import https_repository
from .service import Service

pytestmark = [pytest.mark.integration, pytest.mark.slow]

PASSWORD = "tok-5f1e-very-secret"
USERNAME = "deploy-bot-77"


def repo(tmp_path: Path, name: str = "origin", *actions: tuple[str, str]) -> Path:
    origin = tmp_path / name
    init_repo(origin)
    for path, action_id in actions or (("a", "alpha"),):
        write_action(origin, path, "Processor", action_id)
    commit_all(origin, "first")
    return origin


async def test_scans_private_source_without_ever_showing_credentials(
    service: Service, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    origin = repo(tmp_path)
    credentials = {"username": USERNAME, "password": PASSWORD}
    responses = []

    created = await service.call(
        "POST",
        "/sources",
        json={"name": "private", "url": f"file://{origin}", "credentials": credentials},
    )
    source = created.json()
    scan = await service.scan(source["id"])
    responses += [created, await service.call("GET", f"/sources/{source['id']}")]
    responses += [await service.call("GET", "/sources"), await service.call("GET", "/actions")]
    responses += [await service.call("GET", f"/scans/{scan['id']}")]
    responses += [await service.call("GET", "/openapi.json")]

    assert created.status_code == 201
    assert source["has_credentials"] is True
    assert "credentials" not in source
    assert scan["state"] == "Done"
    for response in responses:
        assert PASSWORD not in response.text
        assert USERNAME not in response.text
    assert PASSWORD not in caplog.text
    engine = create_engine(service.settings.database_url)
    async with engine.connect() as connection:
        stored = (await connection.execute(text("SELECT sealed_credentials FROM sources"))).scalar()
    await engine.dispose()
    assert stored is not None
    assert PASSWORD not in stored
    assert USERNAME not in stored
    assert USERNAME not in caplog.text
    cleared = await service.ok(
        "PATCH", f"/sources/{source['id']}", json={"clear_credentials": True}
    )
    assert cleared["has_credentials"] is False


async def test_scans_https_source_that_requires_credentials(
    service: Service, tmp_path: Path, caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)
    origin = repo(tmp_path)
    with https_repository(origin, tmp_path / "https", USERNAME, PASSWORD) as (url, cert):
        monkeypatch.setenv("GIT_SSL_CAINFO", str(cert))  # git trusts the test certificate
        credentials = {"username": USERNAME, "password": PASSWORD}
        # Set by a platform admin: a non-admin may not add a source on loopback.
        private = await service.add_source("private", url, credentials=credentials, admin=True)
        anonymous = await service.add_source("anonymous", url, admin=True)
        wrong = await service.add_source(
            "wrong", url, credentials={"username": USERNAME, "password": "wrong-4f2a-token"},
            admin=True,
        )  # fmt: skip

        scanned = await service.scan(private["id"])
        refused = await service.scan(anonymous["id"])
        denied = await service.scan(wrong["id"])

    assert scanned["state"] == "Done"
    assert [a["path"] for a in (await service.actions(source_id=private["id"])).values()] == ["a"]
    message = f"authentication failed for repository {url}: check the credentials."
    assert (refused["state"], refused["error"]) == ("Failed", message)
    assert (denied["state"], denied["error"]) == ("Failed", message)
    everything = (await service.call("GET", f"/scans/{denied['id']}")).text + str(scanned)
    everything += (await service.call("GET", "/sources")).text
    for secret in (PASSWORD, USERNAME, "wrong-4f2a-token"):
        assert secret not in everything
        assert secret not in caplog.text


async def test_updates_lists_and_deletes_sources(service: Service, tmp_path: Path) -> None:
    for index in range(3):
        await service.add_source(f"s{index}", f"https://git.example.com/r{index}.git")

    first = await service.ok("GET", "/sources", params={"limit": 2})
    second = await service.ok(
        "GET", "/sources", params={"limit": 2, "cursor": first["next_cursor"]}
    )
    changed = await service.ok(
        "PATCH",
        f"/sources/{first['items'][0]['id']}",
        json={"name": "renamed", "branch": "develop", "url": "ssh://git@example.com/x.git",
              "credentials": {"ssh_private_key": "-----BEGIN KEY-----\nabc\n-----END KEY-----"}},
    )  # fmt: skip

    assert [s["name"] for s in first["items"] + second["items"]] == ["s0", "s1", "s2"]
    assert second["next_cursor"] is None
    assert (changed["name"], changed["default_branch"], changed["url"]) == (
        "renamed",
        "develop",
        "ssh://git@example.com/x.git",
    )
    assert changed["has_credentials"] is True
    assert "BEGIN KEY" not in str(changed)
    await service.ok("DELETE", f"/sources/{changed['id']}", 204)
    assert len((await service.ok("GET", "/sources"))["items"]) == 2


@pytest.mark.parametrize(
    ("body", "field", "status"),
    [
        ({"name": "x", "url": "ftp://host/repo.git"}, "body.url", 422),
        ({"name": "x", "url": "https://user:pw@host/repo.git"}, "body.url", 422),
        ({"name": "", "url": "https://host/repo.git"}, "body.name", 422),
        ({"url": "https://host/repo.git"}, "body.name", 422),
        ({"name": "x", "url": "https://h/r.git", "credentials": {"username": "u"}},
         "body.credentials", 422),
        ({"name": "x", "url": "https://h/r.git", "colour": 1}, "body.colour", 422),
    ],
)  # fmt: skip
async def test_rejects_bad_source_with_field(
    service: Service, body: dict, field: str, status: int
) -> None:
    response = await service.call("POST", "/sources", json=body)

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert field in [error["field"] for error in response.json()["errors"]]


async def test_answers_problems_for_conflicts_malformed_json_and_unknown_ids(
    service: Service,
) -> None:
    await service.add_source("dup", "https://host/a.git")

    duplicate = await service.call(
        "POST", "/sources", json={"name": "dup", "url": "https://host/b.git"}
    )
    malformed = await service.call(
        "POST", "/sources", content=b"{not json", headers={"content-type": "application/json"}
    )
    unknown = await service.call("POST", "/sources/nope/scans", json={})
    bad_ref = await service.call("GET", "/actions", params={"state": "Flying"})

    assert duplicate.status_code == 409
    assert duplicate.json()["detail"] == "a source with this name already exists in the project"
    assert malformed.status_code == 422
    assert malformed.json()["errors"][0]["field"] == "body"
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "source nope not found"
    assert bad_ref.status_code == 422
    assert bad_ref.json()["errors"][0]["field"] == "query.state"


async def test_hides_other_projects_and_enforces_roles(service: Service, tmp_path: Path) -> None:
    source = await service.add_source("mine", f"file://{repo(tmp_path)}")

    other = await service.call("GET", f"/sources/{source['id']}", project="other-project")
    viewer_reads = await service.call("GET", f"/sources/{source['id']}", role="viewer")
    viewer_writes = await service.call(
        "POST", f"/sources/{source['id']}/scans", role="viewer", json={}
    )
    stranger = await service.call("GET", "/sources", role="guest")
    anonymous = await service.client.get("/api/repository/sources")
    health = await service.client.get("/api/repository/healthz")

    assert other.status_code == 404
    assert viewer_reads.status_code == 200
    assert viewer_writes.status_code == 403
    assert stranger.status_code == 403
    assert anonymous.status_code == 401
    assert health.status_code == 200


async def test_rejects_second_provider_of_same_name_and_version(
    service: Service, tmp_path: Path
) -> None:
    first = await service.add_source("first", f"file://{repo(tmp_path, 'one', ('x', 'shared'))}")
    second = await service.add_source("second", f"file://{repo(tmp_path, 'two', ('y', 'shared'))}")
    await service.scan(first["id"])

    scan = await service.scan(second["id"])

    message = "action shared version 1.0 is already provided by source first at path x"
    assert [(e["file"], e["field"], e["message"]) for e in scan["errors"]] == [
        ("y/ryax_metadata.yaml", "spec.id", message)
    ]
    actions = await service.actions(source_id=second["id"])
    assert actions["y"]["state"] == "Scan Error"


async def test_removes_everything_of_a_deleted_project(service: Service, tmp_path: Path) -> None:
    source = await service.add_source("doomed", f"file://{repo(tmp_path)}")
    await service.scan(source["id"])
    [action] = (await service.actions()).values()
    await service.ok("POST", f"/actions/{action['id']}/builds", 202)

    await service.builder.project_deleted(service.project_id)

    from flowloom.testkit import testing

    async def gone() -> bool:
        return (await service.ok("GET", "/sources"))["items"] == []

    await testing.eventually(gone, within=30, step=0.05)
    assert (await service.ok("GET", "/actions"))["items"] == []
    assert (await service.call("GET", f"/actions/{action['id']}")).status_code == 404
    assert service.builder.of("action.unpublished") == []
