"""Embedded mode: every service in one process, SQLite per service, in-process bus, local S3."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flowloom.servicekit.seaweed import S3Endpoint
from starlette.types import ASGIApp

BUS_URL = "memory://"


@dataclass(frozen=True, slots=True)
class Installation:
    """Where an embedded installation keeps its data and how its parts are reached."""

    data_dir: Path
    origin: str
    s3: S3Endpoint | None = None

    def database_url(self, service: str) -> str:
        return f"sqlite+aiosqlite:///{self.data_dir / 'databases' / f'{service}.db'}"


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


# Each service that exists is mounted at /api/<name>/; later services add themselves here.
SERVICES = {
    "authorization": authorization_app,
}


def service_apps(installation: Installation) -> dict[str, ASGIApp]:
    return {name: build(installation) for name, build in SERVICES.items()}
