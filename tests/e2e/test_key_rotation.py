"""`flowloom-adm keys rotate signing|secrets|transport` while the platform runs, embedded and
distributed (its keys in files named by the services' `…_FILE` settings, as mounted secrets
are): a workflow using a project secret runs before, during and after; tokens signed before
the rotation keep working, new ones carry the new kid; the old keys end up gone from the JWKS,
from the key files and (embedded, read from its SQLite files) from every stored value."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import os
import sqlite3
import textwrap
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.fernet import Fernet
from google.protobuf.timestamp_pb2 import Timestamp

from flowloom.adm.seaweed import S3Endpoint
from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.servicekit.keys import opens, read_key_file
from flowloom.servicekit.messaging import Envelope
from flowloom.testkit import testing
from flowloom.testkit.actions import action, git_repository
from flowloom.testkit.events import envelope
from flowloom.testkit.harness import (
    DistributedPlatform,
    EmbeddedPlatform,
    Platform,
    require_distributed,
)

from .support import Outcome, User, program, run_program

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.timeout(600)]

# Short lifetimes so that the old signing key retires within the test: tokens live 15 s, a
# new key is published 6 s before it signs, replicas refresh their key every second.
SETTINGS = {
    "FLOWLOOM_AUTHORIZATION_ACCESS_TOKEN_MINUTES": "0.25",
    "FLOWLOOM_AUTHORIZATION_SIGNING_KEY_PUBLISH_SECONDS": "6",
    "FLOWLOOM_AUTHORIZATION_SIGNING_KEY_REFRESH_SECONDS": "1",
}
ACTIONS = {
    "reveal": action(
        "reveal", ["key:password"], ["digest", "echo:password"],
        """\
        import hashlib


        def handle(inputs):
            digest = hashlib.sha256(inputs["key"].encode()).hexdigest()
            return {"digest": digest, "echo": inputs["key"]}
        """,
    ),
}  # fmt: skip
WORKFLOW = textwrap.dedent(
    """\
    apiVersion: flowloom.dev/v1
    kind: Workflow
    name: use-a-secret
    description: Digest a project secret.
    trigger:
      manual:
        outputs:
          - {name: label, type: string}
    steps:
      - id: reveal
        action: reveal
        inputs:
          key: {secret: api-token}
    results:
      digest: reveal.digest
      echo: reveal.echo
    """
)


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def kid_of(token: str) -> str:
    header = token.split(".")[0]
    return str(json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"])


@pytest.fixture(scope="module")
def settings() -> Iterator[None]:
    """The short lifetimes, for the platform (in this process) and for `flowloom-adm`."""
    saved = {name: os.environ.get(name) for name in SETTINGS}
    os.environ.update(SETTINGS)
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="module", params=["embedded", "distributed"])
async def platform(
    settings: None,
    tmp_path_factory: pytest.TempPathFactory,
    s3: S3Endpoint,
    request: pytest.FixtureRequest,
) -> AsyncIterator[Platform]:
    data_dir = tmp_path_factory.mktemp(f"rotation-{request.param}") / "data"
    platform: Platform
    if request.param == "embedded":
        platform = EmbeddedPlatform(data_dir)
    else:
        require_distributed()
        platform = DistributedPlatform(data_dir, s3, key_files=True)
    async with platform:
        yield platform


class Project:
    """A project running the `use-a-secret` workflow; fresh tokens on demand (they live 15 s)."""

    def __init__(self, platform: Platform, project_id: str) -> None:
        self.platform, self.project_id = platform, project_id
        self.workflow_id = ""

    async def token(self) -> str:
        password = self.platform.admin_password()
        login = await self.platform.request(
            "POST", "/api/authorization/login", json={"username": "admin", "password": password}
        )
        switched = await self.platform.request(
            "POST", "/api/authorization/me/project", json={"project_id": self.project_id},
            headers={"Authorization": f"Bearer {login.json()['access_token']}"},
        )  # fmt: skip
        return str(switched.json()["access_token"])

    async def user(self) -> User:
        return User(self.platform, self.project_id, await self.token())

    async def run(self) -> dict[str, Any]:
        user = await self.user()
        runs = f"/api/runner/workflows/{self.workflow_id}/runs"
        started = await user.call("POST", runs, 201, json={"inputs": {"label": "x"}})
        path = f"/api/runner/runs/{started['run_id']}"
        run = await user.until(path, "state", {"Completed", "Error", "Canceled"}, within=120)
        assert run["state"] == "Completed", run
        return run

    async def resolves(self, value: str, *, set_it: bool = True) -> None:
        """Set the secret (unless the bus brings it) and run until a step gets it: the runner
        learns a secret from the studio's message, so the first runs may still see the
        previous value, never an error."""
        if set_it:
            user = await self.user()
            await user.call("PUT", "/api/studio/secrets/api-token", json={"value": value})
        deadline = asyncio.get_running_loop().time() + 60
        while (await self.run())["results"]["digest"]["value"] != digest(value):
            assert asyncio.get_running_loop().time() < deadline, f"{value} never resolved"
            await asyncio.sleep(0.3)


@pytest.fixture(scope="module")
async def project(platform: Platform, tmp_path_factory: pytest.TempPathFactory) -> Project:
    project_id, token = await platform.project_token("rotation")
    user = User(platform, project_id, token)
    repo = git_repository(tmp_path_factory.mktemp("repo") / "repo", ACTIONS)
    built = await user.build_all(f"file://{repo}")
    assert built["reveal"]["state"] == "Built", built

    async def in_store() -> bool:
        store = await (await Project(platform, project_id).user()).call(
            "GET", "/api/studio/actions"
        )
        return [a["technical_name"] for a in store["items"]] == ["reveal"]

    await testing.eventually(in_store, within=60, step=0.3)
    found = Project(platform, project_id)
    user = await found.user()
    await user.call("PUT", "/api/studio/secrets/api-token", json={"value": "before"})
    imported = await user.call(
        "POST", "/api/studio/workflows/import", 201, content=WORKFLOW.encode()
    )
    found.workflow_id = imported["id"]
    await user.call("POST", f"/api/studio/workflows/{found.workflow_id}/deploy", 202)
    deployment = await user.until(
        f"/api/studio/workflows/{found.workflow_id}/deployment", "state", {"Deployed", "Error"}
    )
    assert deployment["state"] == "Deployed", deployment
    await found.resolves("before", set_it=False)
    return found


async def adm(platform: Platform, *arguments: str) -> Outcome:
    options, env = platform.adm_target()
    command = [program("flowloom-adm"), *arguments, *options]
    outcome = await run_program(command, env=env, limit_seconds=300)
    assert outcome.code == 0, str(outcome)
    return outcome


async def jwks(platform: Platform) -> list[str]:
    response = await platform.request("GET", "/api/authorization/.well-known/jwks.json")
    return [key["kid"] for key in response.json()["keys"]]


async def works_everywhere(platform: Platform, token: str) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    for path in (
        "/api/authorization/me",
        "/api/repository/sources",
        "/api/studio/workflows",
        "/api/runner/runs",
    ):
        response = await platform.request("GET", path, headers=headers)
        assert response.status_code == 200, (path, response.text)


async def test_rotates_signing_key_while_tokens_signed_before_keep_working(
    platform: Platform, project: Project
) -> None:
    (old_kid,) = await jwks(platform)
    old_token = await project.token()
    assert kid_of(old_token) == old_kid

    rotated = await adm(platform, "keys", "rotate", "signing")

    assert "verifies until" in rotated.stderr
    new_kid = next(kid for kid in await jwks(platform) if kid != old_kid)
    assert await jwks(platform) == [new_kid, old_kid]
    await works_everywhere(platform, old_token)
    fresh = await project.token()
    while kid_of(fresh) == old_kid:  # the new key signs once it has been published 6 s
        await asyncio.sleep(0.5)
        fresh = await project.token()
    assert kid_of(fresh) == new_kid
    await works_everywhere(platform, fresh)
    await works_everywhere(platform, old_token)
    await project.resolves("after-signing")

    # Retired once every token of the old key has expired (15 s + 6 s + a grace of 21 s).
    async def retired() -> bool:
        return await jwks(platform) == [new_kid]

    await testing.eventually(retired, within=120, step=1)
    database = platform.data_dir / "databases" / "authorization.db"

    def stored_kids() -> list[str]:
        with contextlib.closing(sqlite3.connect(database)) as db:
            return [row[0] for row in db.execute("SELECT kid FROM signing_keys")]

    if platform.mode == "embedded":  # deleted by the service's next key refresh (every second)
        await testing.eventually(lambda: stored_kids() == [new_kid], within=10, step=0.5)
    expired = await platform.request(
        "GET", "/api/studio/workflows", headers={"Authorization": f"Bearer {old_token}"}
    )
    assert expired.status_code == 401
    await works_everywhere(platform, await project.token())


def key_files(platform: Platform) -> dict[str, tuple[str, ...]]:
    return {path.name: read_key_file(path) for path in (platform.data_dir / "keys").iterdir()}


def stored(platform: Platform) -> dict[str, list[str]]:
    """Every sealed value of the installation, by the key file that seals it."""
    databases = platform.data_dir / "databases"

    def column(service: str, query: str) -> list[str]:
        with contextlib.closing(sqlite3.connect(databases / f"{service}.db")) as db:
            return [row[0] for row in db.execute(query) if row[0]]

    values = column("runner", "SELECT sealed_value FROM project_secrets")
    for document in column("runner", "SELECT results FROM runs") + column(
        "runner", "SELECT outputs FROM executions"
    ):
        values += [v["sealed"] for v in json.loads(document).values() if "sealed" in v]
    return {
        "runner-values": values,
        "studio-secrets": column("studio", "SELECT sealed FROM secrets"),
        "authorization-key-encryption": column(
            "authorization", "SELECT sealed_private_key FROM signing_keys"
        ),
    }


async def test_rotates_secrets_keys_while_workflows_use_a_secret(
    platform: Platform, project: Project
) -> None:
    before = key_files(platform)
    assert all(len(keys) == 1 for keys in before.values())
    if platform.mode == "embedded":  # the secret and the masked results
        assert len(stored(platform)["runner-values"]) >= 2

    rotation = asyncio.create_task(adm(platform, "keys", "rotate", "secrets"))
    during = 0
    while not rotation.done():
        await project.resolves(f"during-{during}")
        during += 1
    outcome = await rotation
    assert during >= 1, "no run happened while the keys rotated"
    await project.resolves("after-secrets")

    after = key_files(platform)
    for name in (
        "runner-values",
        "studio-secrets",
        "repository-credentials",
        "authorization-key-encryption",
    ):
        assert len(after[name]) == 1, name
        assert after[name] != before[name], name
        assert f"{name}: " in outcome.stderr
    assert after["secrets-transport"] == before["secrets-transport"]
    if platform.mode == "distributed":
        return  # PostgreSQL: the re-sealing is checked in adm/tests/test_distributed_keys.py
    for name, values in stored(platform).items():
        assert values, name
        for value in values:
            assert opens(after[name][0], value), name
            assert not opens(before[name][0], value), name


def secret_set(project_id: str, value: str, key: str) -> Envelope:
    """A ProjectSecretSet as the studio seals it, under the transport key `key`."""
    stamp = Timestamp()
    stamp.FromDatetime(datetime.now(UTC))
    message = pb.ProjectSecretSet(
        event_id=str(uuid.uuid4()), project_id=project_id, name="api-token",
        sealed_value=Fernet(key).encrypt(value.encode()), occurred_at=stamp,
    )  # fmt: skip
    return envelope("studio.events", "secret.set", message)


async def test_rotates_transport_key_while_messages_sealed_under_the_old_one_travel(
    platform: Platform, project: Project
) -> None:
    path = platform.data_dir / "keys" / "secrets-transport"
    (old,) = read_key_file(path)
    rotation = asyncio.create_task(adm(platform, "keys", "rotate", "transport", "--grace", "5"))

    async def promoted() -> bool:
        return len(read_key_file(path)) == 2

    await testing.eventually(promoted, within=30, step=0.1)
    new = read_key_file(path)[0]
    # Sealed by a studio that had not switched yet: the runner still opens it.
    await platform.publish(secret_set(project.project_id, "sealed-under-the-old-key", old))
    await project.resolves("sealed-under-the-old-key", set_it=False)
    await project.resolves("during-transport")  # the studio seals under the new key
    outcome = await rotation
    assert "retired" in outcome.stderr

    assert read_key_file(path) == (new,)
    await project.resolves("after-transport")
    # A message sealed under the retired key is refused (retried, then dead-lettered).
    await platform.publish(secret_set(project.project_id, "too-late", old))
    await asyncio.sleep(2)
    assert (await project.run())["results"]["digest"]["value"] == digest("after-transport")
