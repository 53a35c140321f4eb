"""What the admin commands act on: every service's database, bucket and S3, in either mode."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import ValidationError
from sqlalchemy.engine import make_url

from flowloom.adm.errors import AdmError
from flowloom.adm.running import running, stopped
from flowloom.adm.seaweed import S3Endpoint, SeaweedServer
from flowloom.adm.services import SERVICES, ServiceSpec

EMBEDDED_BUS = "memory://"


@dataclass(frozen=True, slots=True)
class ServiceTarget:
    """One service of an installation: where its database and its objects live."""

    spec: ServiceSpec
    database_url: str | None
    bucket: str | None
    s3: S3Endpoint | None
    # The service's settings object, as the service itself would read them (keys included).
    settings: Any = None

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass(frozen=True, slots=True)
class Target:
    """An installation, embedded (a data dir) or distributed (settings from the environment)."""

    mode: Literal["embedded", "distributed"]
    services: tuple[ServiceTarget, ...]
    bus_urls: tuple[str, ...]
    data_dir: Path | None = None
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def databases(self) -> tuple[ServiceTarget, ...]:
        return tuple(s for s in self.services if s.database_url is not None)

    @property
    def buckets(self) -> tuple[ServiceTarget, ...]:
        return tuple(s for s in self.services if s.bucket is not None)

    def service(self, name: str) -> ServiceTarget:
        return next(s for s in self.services if s.name == name)

    def with_s3(self, s3: S3Endpoint) -> Target:
        """The embedded installation once its object store answers at `s3`."""
        services = tuple(replace(s, s3=s3) if s.bucket else s for s in self.services)
        return replace(self, services=services)


def embedded_database_url(data_dir: Path, service: str) -> str:
    """The same file `flowloom-adm up` uses (`embedded.Installation.database_url`)."""
    return f"sqlite+aiosqlite:///{data_dir / 'databases' / f'{service}.db'}"


def embedded(data_dir: Path) -> Target:
    """The installation in `data_dir`; buckets as `up` gives them (settings, env, defaults)."""
    from flowloom.adm.embedded import key_file_settings

    data_dir = data_dir.resolve()
    services = []
    for spec in SERVICES:
        url = embedded_database_url(data_dir, spec.name) if spec.has_database else None
        overrides: dict[str, Any] = {
            "bus_url": EMBEDDED_BUS,
            **key_file_settings(data_dir, spec.name),
        }
        if url is not None:
            overrides["database_url"] = url
        settings = _settings(spec, overrides)
        services.append(ServiceTarget(spec, url, _bucket(settings), None, settings))
    return Target("embedded", tuple(services), (EMBEDDED_BUS,), data_dir)


def distributed() -> Target:
    """Every service's settings read from the environment exactly as the service reads them."""
    services, buses = [], []
    for spec in SERVICES:
        settings = _settings(spec, {})
        url = str(settings.database_url) if spec.has_database else None
        bucket = _bucket(settings)
        s3 = None
        if bucket is not None:
            s3 = S3Endpoint(settings.s3_url, settings.s3_access_key, settings.s3_secret_key)
        services.append(ServiceTarget(spec, url, bucket, s3, settings))
        if settings.bus_url not in buses:
            buses.append(str(settings.bus_url))
    return Target("distributed", tuple(services), tuple(buses))


def _settings(spec: ServiceSpec, overrides: dict[str, Any]) -> Any:
    try:
        settings_class: Any = spec.settings_class()
        return settings_class(**overrides)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise AdmError(f"{spec.name} settings: {where}: {first['msg']}") from None


def _bucket(settings: Any) -> str | None:
    bucket = getattr(settings, "s3_bucket", None)
    return str(bucket) if bucket else None


@contextlib.contextmanager
def object_store(target: Target, *, locked: bool = False) -> Iterator[Target]:
    """The target with its S3 reachable. Embedded: the running `up`'s object store, or the
    bundled one started here for the duration (stopped after); `locked`: the caller holds the
    data dir's lock, so no `up` runs."""
    if target.mode == "distributed":
        yield target
        return
    assert target.data_dir is not None
    found = None if locked else running(target.data_dir)
    if found is not None:
        if not found.s3_url:
            raise AdmError("flowloom-adm up is still starting: try again in a few seconds")
        from flowloom.adm.seaweed import credentials

        access, secret = credentials(target.data_dir)
        yield target.with_s3(S3Endpoint(found.s3_url, access, secret))
        return
    server = SeaweedServer(target.data_dir)
    try:
        endpoint = server.start()
    except RuntimeError as error:
        raise AdmError(f"cannot start the bundled object store: {error}") from None
    try:
        yield target.with_s3(endpoint)
    finally:
        server.stop()


@contextlib.contextmanager
def exclusive(target: Target, action: str) -> Iterator[None]:
    """Embedded: hold the data dir's lock (refused while `up` runs). Distributed: stopping the
    services is the operator's job (see the README)."""
    if target.data_dir is None:
        yield
        return
    with stopped(target.data_dir, action):
        yield


def redact(url: str) -> str:
    """A URL without its password, for messages and `status`."""
    if "://" not in url:
        return url
    if url.startswith(("postgresql", "sqlite")):
        return make_url(url).render_as_string(hide_password=True)
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
