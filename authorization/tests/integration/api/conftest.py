"""The authorization service really started, once per mode, and an HTTP client on it.

embedded: `flowloom-adm up` (one process, SQLite, in-process bus, bundled S3).
distributed: `flowloom-authorization` alone on a fresh PostgreSQL database and RabbitMQ.
"""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from flowloom.servicekit.keys import generate_key
from flowloom.testkit import testing

HEALTH = "/api/authorization/healthz"


@dataclass
class Platform:
    mode: str
    base_url: str
    admin_password: str
    log_path: Path

    def log(self) -> str:
        """Everything the platform logged so far."""
        return self.log_path.read_text(errors="replace")

    def client(self, token: str | None = None, via: str | None = None) -> httpx.Client:
        """A client; `via`: the loopback address the platform sees the requests come from.
        Embedded, `flowloom-adm up` is the front door: the client connects from that address.
        Distributed, the test plays the reverse proxy in front of the service: it connects
        from 127.0.0.1 (a trusted proxy) and names `via` in `X-Forwarded-For`."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        transport = None
        if via and self.mode == "embedded":
            transport = httpx.HTTPTransport(local_address=via)
        elif via:
            headers["X-Forwarded-For"] = via
        return httpx.Client(
            base_url=self.base_url, headers=headers, timeout=30, transport=transport
        )

    def login(self, username: str = "admin", password: str | None = None) -> dict[str, object]:
        with self.client() as client:
            body = {"username": username, "password": password or self.admin_password}
            response = client.post("/api/authorization/login", json=body)
            assert response.status_code == 200, response.text
            tokens: dict[str, object] = response.json()
            return tokens

    def token(self, username: str = "admin", password: str | None = None) -> str:
        """The access token of a new login."""
        return str(self.login(username, password)["access_token"])


def new_user(admin: httpx.Client, **extra: object) -> tuple[str, str]:
    """A new user (no admin unless ``extra`` says so, in no project): username and password."""
    username, password = f"user-{uuid.uuid4().hex[:8]}", "correct horse battery"
    response = admin.post(
        "/api/authorization/users", json={"username": username, "password": password, **extra}
    )
    assert response.status_code == 201, response.text
    return username, password


def new_project(admin: httpx.Client) -> dict[str, str]:
    response = admin.post("/api/authorization/projects", json={"name": f"p-{uuid.uuid4().hex[:8]}"})
    assert response.status_code == 201, response.text
    body: dict[str, str] = response.json()
    return body


def _embedded(data_dir: Path) -> tuple[testing.ServiceProcess, str]:
    port = testing.free_port()
    adm = shutil.which("flowloom-adm")
    assert adm, "flowloom-adm is not installed in this environment"
    command = [adm, "up", "--data-dir", str(data_dir), "--port", str(port), "--s3-port", "0"]
    return testing.ServiceProcess(
        command, {}, data_dir.parent / "adm.log"
    ), f"http://127.0.0.1:{port}"


def _distributed(
    data_dir: Path, database_url: str, bus_url: str
) -> tuple[testing.ServiceProcess, str]:
    port = testing.free_port()
    env = {
        "FLOWLOOM_AUTHORIZATION_DATABASE_URL": database_url,
        # A virtual host of its own: the service's durable queue (its token revocations) is
        # consumed by this process alone, not shared with another test session's.
        "FLOWLOOM_BUS_URL": bus_url,
        "FLOWLOOM_AUTHORIZATION_PORT": str(port),
        "FLOWLOOM_AUTHORIZATION_DATA_DIR": str(data_dir),
        "FLOWLOOM_AUTHORIZATION_KEY_ENCRYPTION_KEY": generate_key(),
    }
    migrate = shutil.which("flowloom-authorization-migrate")
    assert migrate
    import subprocess

    subprocess.run([migrate], env={**__import__("os").environ, **env}, check=True)
    serve = shutil.which("flowloom-authorization")
    assert serve
    log = data_dir.parent / "authorization.log"
    return testing.ServiceProcess([serve], env, log), f"http://127.0.0.1:{port}"


@pytest.fixture(scope="session", params=["embedded", "distributed"])
def platform(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Platform]:
    root = tmp_path_factory.mktemp(request.param)
    data_dir = root / "data"
    database_url = vhost = None
    if request.param == "embedded":
        process, base_url = _embedded(data_dir)
    else:
        testing.require_postgres()
        testing.require_rabbitmq()
        database_url = asyncio.run(testing.create_postgres_database("flowloom_authz"))
        vhost = asyncio.run(testing.create_vhost("flowloom-authz-test"))
        process, base_url = _distributed(data_dir, database_url, vhost)
    try:
        process.wait_healthy(base_url + HEALTH)
        password = (data_dir / "admin-password").read_text().strip()
        yield Platform(request.param, base_url, password, process.log_path)
    finally:
        code = process.stop()
        if database_url:
            asyncio.run(testing.drop_postgres_database(database_url))
        if vhost:
            asyncio.run(testing.delete_vhost(vhost))
    assert code == 0, f"{request.param} platform did not stop cleanly:\n{process.log()}"


@pytest.fixture(scope="session")
def admin_token(platform: Platform) -> str:
    return platform.token()


@pytest.fixture
def admin(platform: Platform, admin_token: str) -> Iterator[httpx.Client]:
    with platform.client(admin_token) as client:
        yield client


@pytest.fixture
def newcomer(platform: Platform, admin: httpx.Client) -> Iterator[httpx.Client]:
    """A client logged in as a new user, who is no admin and in no project."""
    with platform.client(platform.token(*new_user(admin))) as client:
        yield client
