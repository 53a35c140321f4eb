"""Embedded mode: every service in one process, SQLite per service, in-process bus, local S3."""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from pathlib import Path

from starlette.types import ASGIApp

from flowloom.servicekit.seaweed import S3Endpoint

BUS_URL = "memory://"


@dataclass(frozen=True, slots=True)
class Installation:
    """Where an embedded installation keeps its data and how its parts are reached."""

    data_dir: Path
    origin: str
    s3: S3Endpoint | None = None

    def database_url(self, service: str) -> str:
        return f"sqlite+aiosqlite:///{self.data_dir / 'databases' / f'{service}.db'}"

    def key(self, name: str) -> str:
        """A secret key made on first use and kept in the data dir (mode 0600)."""
        path = self.data_dir / "keys" / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch(mode=0o600)
            path.write_text(base64.urlsafe_b64encode(os.urandom(32)).decode())
        return path.read_text().strip()


def authorization_app(installation: Installation) -> ASGIApp:
    from flowloom.authorization.app import create_app
    from flowloom.authorization.settings import AuthorizationSettings

    settings = AuthorizationSettings(
        database_url=installation.database_url("authorization"),
        bus_url=BUS_URL,
        data_dir=installation.data_dir,
        migrate_on_start=True,
    )
    return create_app(settings)


def runner_app(installation: Installation) -> ASGIApp:
    from flowloom.runner.app import create_app
    from flowloom.runner.settings import RunnerSettings

    assert installation.s3 is not None, "the runner needs the object store"
    settings = RunnerSettings(
        database_url=installation.database_url("runner"),
        bus_url=BUS_URL,
        data_dir=installation.data_dir / "runner",
        migrate_on_start=True,
        jwks_url=f"{installation.origin}/api/authorization/.well-known/jwks.json",
        s3_url=installation.s3.url,
        s3_access_key=installation.s3.access_key,
        s3_secret_key=installation.s3.secret_key,
        values_key=installation.key("runner-values"),
        secrets_transport_key=installation.key("secrets-transport"),
    )
    return create_app(settings)


def repository_app(installation: Installation) -> ASGIApp:
    from flowloom.repository.app import create_app
    from flowloom.repository.settings import RepositorySettings

    assert installation.s3 is not None, "the repository needs the object store"
    settings = RepositorySettings(
        database_url=installation.database_url("repository"),
        bus_url=BUS_URL,
        data_dir=installation.data_dir / "repository",
        migrate_on_start=True,
        jwks_url=f"{installation.origin}/api/authorization/.well-known/jwks.json",
        s3_url=installation.s3.url,
        s3_access_key=installation.s3.access_key,
        s3_secret_key=installation.s3.secret_key,
        credentials_key=installation.key("repository-credentials"),
    )
    return create_app(settings)


def action_builder_app(installation: Installation) -> ASGIApp:
    from flowloom.action_builder.app import create_app
    from flowloom.action_builder.settings import ActionBuilderSettings

    assert installation.s3 is not None, "the builder needs the object store"
    settings = ActionBuilderSettings(
        bus_url=BUS_URL,
        data_dir=installation.data_dir / "action-builder",
        s3_url=installation.s3.url,
        s3_access_key=installation.s3.access_key,
        s3_secret_key=installation.s3.secret_key,
    )
    return create_app(settings)


def studio_app(installation: Installation) -> ASGIApp:
    from flowloom.studio.app import create_app
    from flowloom.studio.settings import StudioSettings

    assert installation.s3 is not None, "the studio needs the object store"
    settings = StudioSettings(
        database_url=installation.database_url("studio"),
        bus_url=BUS_URL,
        data_dir=installation.data_dir / "studio",
        migrate_on_start=True,
        jwks_url=f"{installation.origin}/api/authorization/.well-known/jwks.json",
        s3_url=installation.s3.url,
        s3_access_key=installation.s3.access_key,
        s3_secret_key=installation.s3.secret_key,
        secrets_key=installation.key("studio-secrets"),
        secrets_transport_key=installation.key("secrets-transport"),
    )
    return create_app(settings)


# Each service that exists is mounted at /api/<name>/; later services add themselves here.
SERVICES = {
    "authorization": authorization_app,
    "repository": repository_app,
    "action-builder": action_builder_app,
    "studio": studio_app,
    "runner": runner_app,
}


def service_apps(installation: Installation) -> dict[str, ASGIApp]:
    return {name: build(installation) for name, build in SERVICES.items()}
