"""Each service's ASGI app on a real PostgreSQL database, S3 and an in-process bus, served
in-process to schemathesis (its own event loop thread runs the apps' lifespans), with a token
the service accepts."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from dependency_injector import providers
from fastapi import FastAPI
from schemathesis.python import asgi

from flowloom.adm.seaweed import S3Endpoint
from flowloom.servicekit.keys import generate_key
from flowloom.servicekit.tokens import JwksCache
from flowloom.testkit import testing
from flowloom.testkit.tokens import KeySet

SERVICES = ("authorization", "repository", "action-builder", "studio", "runner")


@dataclass
class Service:
    """A service under test: its app, its OpenAPI as schemathesis loaded it, a valid token."""

    name: str
    app: FastAPI
    schema: Any
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class Services:
    """The apps, built and started on first use, stopped (and their databases dropped) at the
    end of the session."""

    def __init__(self, root: Path, s3: S3Endpoint) -> None:
        self.root, self.s3 = root, s3
        self.signer = KeySet(kid="schema-tests")
        self.project_id = f"p-{uuid.uuid4().hex[:8]}"
        self._started: dict[str, Service] = {}
        self._databases: list[str] = []

    def get(self, name: str) -> Service:
        if name not in self._started:
            self._started[name] = self._start(name)
        return self._started[name]

    def close(self) -> None:
        try:
            asgi.shutdown_lifespans()
        finally:
            for url in self._databases:
                asyncio.run(testing.drop_postgres_database(url))

    def _start(self, name: str) -> Service:
        app = BUILDERS[name](self, self.root / name)
        if name not in ("authorization", "action-builder"):  # the builder checks no token
            # The keys are the test's; the deny-list stays the service's.
            app.state.container.jwks.override(providers.Object(JwksCache(self.signer.jwks)))
        schema = schemathesis.openapi.from_asgi(f"/api/{name}/openapi.json", app)  # starts it
        if name == "authorization":
            token = _admin_token(app, self.root / name)
        else:
            token = self.signer.token(
                self.project_id, "owner", sub="schema-tester", username="schema"
            )
        return Service(name, app, schema, token)

    def database(self, name: str) -> str:
        url = asyncio.run(testing.create_postgres_database(f"flowloom_schema_{name}"))
        self._databases.append(url)
        return url

    def basics(self, name: str, data_dir: Path) -> dict[str, Any]:
        """The settings of a service with a database: a new one on PostgreSQL, a bus of its
        own, its folder, migrations on start."""
        return {
            "database_url": self.database(name),
            "bus_url": _bus_url(),
            "data_dir": data_dir,
            "migrate_on_start": True,
        }

    def s3_settings(self, bucket: str) -> dict[str, Any]:
        return {**self.s3.settings(), "s3_bucket": f"{bucket}-{uuid.uuid4().hex[:8]}"}


def _bus_url() -> str:
    return f"memory://schema-{uuid.uuid4().hex[:8]}"


def _admin_token(app: FastAPI, data_dir: Path) -> str:
    password = (data_dir / "admin-password").read_text().strip()
    with asgi.get_client(app) as client:
        body = {"username": "admin", "password": password}
        answer = client.post("/api/authorization/login", json=body)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


def _authorization(services: Services, data_dir: Path) -> FastAPI:
    from flowloom.authorization.app import create_app
    from flowloom.authorization.settings import AuthorizationSettings

    return create_app(
        AuthorizationSettings(
            **services.basics("authorization", data_dir),
            key_encryption_key=generate_key(),
        )
    )


def _repository(services: Services, data_dir: Path) -> FastAPI:
    from flowloom.repository.app import create_app
    from flowloom.repository.settings import RepositorySettings

    return create_app(
        RepositorySettings(
            **services.basics("repository", data_dir),
            local_roots=[data_dir],
            credentials_key=generate_key(),
            **services.s3_settings("repository"),
        )
    )


def _action_builder(services: Services, data_dir: Path) -> FastAPI:
    from flowloom.action_builder.app import create_app
    from flowloom.action_builder.settings import ActionBuilderSettings

    return create_app(
        ActionBuilderSettings(
            bus_url=_bus_url(),
            data_dir=data_dir,
            **services.s3_settings("builder"),
        )
    )


def _studio(services: Services, data_dir: Path) -> FastAPI:
    from flowloom.studio.app import create_app
    from flowloom.studio.settings import StudioSettings

    return create_app(
        StudioSettings(
            **services.basics("studio", data_dir),
            secrets_key=generate_key(),
            secrets_transport_key=generate_key(),
            **services.s3_settings("studio"),
        )
    )


def _runner(services: Services, data_dir: Path) -> FastAPI:
    from flowloom.runner.app import create_app
    from flowloom.runner.settings import RunnerSettings

    return create_app(
        RunnerSettings(
            **services.basics("runner", data_dir),
            values_key=generate_key(),
            secrets_transport_key=generate_key(),
            **services.s3_settings("runner"),
        )
    )


BUILDERS: dict[str, Callable[[Services, Path], FastAPI]] = {
    "authorization": _authorization,
    "repository": _repository,
    "action-builder": _action_builder,
    "studio": _studio,
    "runner": _runner,
}


@pytest.fixture(scope="session")
def services(tmp_path_factory: pytest.TempPathFactory, s3: S3Endpoint) -> Iterator[Services]:
    testing.require_postgres()
    started = Services(tmp_path_factory.mktemp("schema"), s3)
    try:
        yield started
    finally:
        started.close()
