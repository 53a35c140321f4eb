"""Embedded mode: every service in one process, SQLite per service, in-process bus, local S3."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp

from flowloom.adm.seaweed import S3Endpoint
from flowloom.servicekit.keys import generate_key, write_key_file

BUS_URL = "memory://"


@dataclass(frozen=True, slots=True)
class KeyFile:
    """A file of `<data dir>/keys/` and the service setting that names it (`<setting>_file`).
    Services re-read a key file when it changes: `flowloom-adm keys rotate` needs no restart."""

    service: str
    setting: str
    name: str

    @property
    def field(self) -> str:
        return f"{self.setting}_file"


KEY_FILES = (
    KeyFile("authorization", "key_encryption_key", "authorization-key-encryption"),
    KeyFile("repository", "credentials_key", "repository-credentials"),
    KeyFile("studio", "secrets_key", "studio-secrets"),
    KeyFile("studio", "secrets_transport_key", "secrets-transport"),
    KeyFile("runner", "values_key", "runner-values"),
    KeyFile("runner", "secrets_transport_key", "secrets-transport"),
)


def key_file_settings(data_dir: Path, service: str) -> dict[str, Path]:
    """The service's key-file settings for the installation in `data_dir`."""
    keys = data_dir / "keys"
    return {key.field: keys / key.name for key in KEY_FILES if key.service == service}


def ensure_key_files(data_dir: Path) -> None:
    """Every key file of the installation, each made with one new key (mode 0600) if absent."""
    for key in KEY_FILES:
        path = data_dir / "keys" / key.name
        if not path.exists():
            write_key_file(path, [generate_key()])


@dataclass(frozen=True, slots=True)
class Installation:
    """Where an embedded installation keeps its data and how its parts are reached."""

    data_dir: Path
    origin: str
    s3: S3Endpoint | None = None

    def database_url(self, service: str) -> str:
        return f"sqlite+aiosqlite:///{self.data_dir / 'databases' / f'{service}.db'}"

    def key_files(self, service: str) -> dict[str, Any]:
        """The service's key-file settings (keyword arguments of its settings class); the
        files are made on first use."""
        ensure_key_files(self.data_dir)
        return key_file_settings(self.data_dir, service)

    def key(self, name: str) -> str:
        """The key that seals with the key file `name` (its first key)."""
        path = self.data_dir / "keys" / name
        return path.read_text().split()[0]

    @property
    def jwks_url(self) -> str:
        """Where the services read the authorization's public keys."""
        return f"{self.origin}/api/authorization/.well-known/jwks.json"

    def basics(self, service: str, data_dir: Path) -> dict[str, Any]:
        """The settings every embedded service has: its SQLite database, the in-process bus,
        its data folder, migrations on start."""
        return {
            "database_url": self.database_url(service),
            "bus_url": BUS_URL,
            "data_dir": data_dir,
            "migrate_on_start": True,
        }

    def object_store(self, who: str) -> dict[str, Any]:
        """The S3 settings of a service that needs the object store (`who`: for the message)."""
        assert self.s3 is not None, f"{who} needs the object store"
        return self.s3.settings()


def authorization_app(installation: Installation) -> ASGIApp:
    from flowloom.authorization.app import create_app
    from flowloom.authorization.settings import AuthorizationSettings

    settings = AuthorizationSettings(
        **installation.basics("authorization", installation.data_dir),
        # `up` is the front door: a client's X-Forwarded-For is never believed (a local
        # client could name any address and dodge the per-address login lockout).
        trusted_proxies=[],
        **installation.key_files("authorization"),
    )
    return create_app(settings)


def runner_app(installation: Installation) -> ASGIApp:
    from flowloom.runner.app import create_app
    from flowloom.runner.settings import RunnerSettings

    settings = RunnerSettings(
        **installation.basics("runner", installation.data_dir / "runner"),
        jwks_url=installation.jwks_url,
        **installation.object_store("the runner"),
        **installation.key_files("runner"),
    )
    return create_app(settings)


def repository_app(installation: Installation) -> ASGIApp:
    from flowloom.repository.app import create_app
    from flowloom.repository.settings import RepositorySettings

    settings = RepositorySettings(
        **installation.basics("repository", installation.data_dir / "repository"),
        # Every service's data (databases, keys, objects) lives here: no source may read it.
        platform_data_dirs=[installation.data_dir],
        jwks_url=installation.jwks_url,
        **installation.object_store("the repository"),
        **installation.key_files("repository"),
    )
    return create_app(settings)


def action_builder_app(installation: Installation) -> ASGIApp:
    from flowloom.action_builder.app import create_app
    from flowloom.action_builder.settings import ActionBuilderSettings

    settings = ActionBuilderSettings(
        **installation.basics("action-builder", installation.data_dir / "action-builder"),
        **installation.object_store("the builder"),
    )
    return create_app(settings)


def studio_app(installation: Installation) -> ASGIApp:
    from flowloom.studio.app import create_app
    from flowloom.studio.settings import StudioSettings

    settings = StudioSettings(
        **installation.basics("studio", installation.data_dir / "studio"),
        jwks_url=installation.jwks_url,
        **installation.object_store("the studio"),
        **installation.key_files("studio"),
    )
    return create_app(settings)


def sandbox_warning() -> str | None:
    """What `up` must say, once and loudly, about how actions will run and be built here
    (None: sandboxed, as they should)."""
    from flowloom.action_builder.container import build_sandbox
    from flowloom.action_builder.settings import ActionBuilderSettings
    from flowloom.runner.container import sandbox_policy
    from flowloom.runner.settings import RunnerSettings

    policy = sandbox_policy(RunnerSettings())
    builds = build_sandbox(ActionBuilderSettings())
    said = []
    if problem := policy.problem():
        said.append(f"{problem}.")
    elif policy.tools is None:
        said.append(
            "bubblewrap (bwrap) is not installed and FLOWLOOM_RUNNER_ALLOW_UNSANDBOXED=1: "
            "actions run WITHOUT a sandbox, with this process's rights (every user who can "
            "add a repository can read this installation's keys and data)."
        )
    if problem := builds.problem():
        said.append(f"{problem[:1].upper()}{problem[1:]}.")
    elif builds.tools is None:
        said.append(
            "FLOWLOOM_ACTION_BUILDER_ALLOW_UNSANDBOXED=1: builds run the action's code WITHOUT "
            "a sandbox, with this process's rights."
        )
    if policy.problem() or builds.problem():
        said.append("Install bubblewrap and slirp4netns (`make system`).")
    return " ".join(said) or None


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
