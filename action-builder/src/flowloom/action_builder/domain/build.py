"""A build order and what comes of it: the events the builder emits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path


def new_event_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class BuildOrder:
    """What the repository asks for: one action directory turned into a runnable artefact."""

    build_id: str
    project_id: str
    action_id: str
    technical_name: str
    version: str
    kind: str
    type: str
    source_archive: str  # s3://bucket/key of a tar.gz of the action directory
    python_version: str = ""  # empty: the builder's own interpreter version
    dependencies: tuple[str, ...] = ()  # system packages
    time_limit_seconds: float = 0.0  # 0: the builder's default


@dataclass(frozen=True, slots=True)
class Interpreter:
    """A Python interpreter found on the builder's machine."""

    version: str  # full version, e.g. 3.11.7
    path: str

    @property
    def identity(self) -> str:
        """What an environment built on it depends on (its venv links to this path)."""
        return f"cpython-{self.version}@{self.path}"


@dataclass(frozen=True, slots=True)
class EnvironmentSpec:
    """An action's Python environment to create: `venv` on `interpreter`, with the wrapper and
    `requirements` (none: the wrapper only), built with `project_id`'s own caches."""

    venv: Path
    interpreter: Interpreter
    requirements: Path | None
    project_id: str


@dataclass(frozen=True, slots=True)
class Artefact:
    uri: str  # s3://bucket/venv/<sha256>.tar.gz
    digest: str  # sha256:<hex>


@dataclass(frozen=True, slots=True)
class BuildStarted:
    build_id: str
    project_id: str
    occurred_at: datetime
    event_id: str = field(default_factory=new_event_id)


@dataclass(frozen=True, slots=True)
class BuildSucceeded:
    build_id: str
    project_id: str
    artefact: Artefact
    logs: str
    cache_hit: bool
    duration_seconds: float
    occurred_at: datetime
    event_id: str = field(default_factory=new_event_id)


@dataclass(frozen=True, slots=True)
class BuildFailed:
    build_id: str
    project_id: str
    error: str
    logs: str
    cancelled: bool
    duration_seconds: float
    occurred_at: datetime
    event_id: str = field(default_factory=new_event_id)


BuildEvent = BuildStarted | BuildSucceeded | BuildFailed
BuildResult = BuildSucceeded | BuildFailed
