"""Ports of the build use case (repositories aside); adapters live in infrastructure."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flowloom.action_builder.domain.build import Artefact, BuildEvent, EnvironmentSpec, Interpreter
from flowloom.action_builder.domain.log import BuildLog
from flowloom.action_builder.domain.repositories import EndedBuildRepository
from flowloom.servicekit import kernel


@dataclass(frozen=True, slots=True)
class ActionSource:
    directory: Path  # the extracted action directory
    requirements: str  # the text of requirements.txt; empty when there is none


class SourceFetcher(ABC):
    """Brings an action's source archive into a work directory."""

    @abstractmethod
    async def fetch(self, archive: str, into: Path, log: BuildLog) -> ActionSource:
        """Download and safely extract `archive` (s3://bucket/key) into `into`.

        Raises BuildStepFailed when the archive is missing or unsafe."""


class EnvironmentBuilder(ABC):
    """Makes Python environments holding the action wrapper and an action's requirements."""

    @abstractmethod
    def unavailable(self) -> str | None:
        """Why no environment can be made on this host (a sentence); None when they can."""

    @abstractmethod
    async def interpreter(self, requested: str, log: BuildLog) -> Interpreter:
        """The interpreter for `requested` (e.g. 3.11; empty: the default); PythonUnavailable."""

    @abstractmethod
    async def wrapper_version(self) -> str:
        """What identifies the wrapper that `create` installs (part of the cache key)."""

    @abstractmethod
    async def create(self, spec: EnvironmentSpec, log: BuildLog) -> None:
        """Create `venv` and install the wrapper and the requirements (what they run, the
        action author's code, sees only `venv`'s build and `project_id`'s own caches);
        BuildStepFailed."""


class ArtefactStore(ABC):
    """The object store side: cached environments, artefacts, build logs."""

    @abstractmethod
    async def restore_environment(self, key: str, venv: Path, log: BuildLog) -> bool:
        """Unpack the cached environment `key` into `venv`; False when there is none."""

    @abstractmethod
    async def save_environment(self, key: str, venv: Path, log: BuildLog) -> None:
        """Keep `venv` as the cached environment `key`."""

    @abstractmethod
    async def publish(self, root: Path, log: BuildLog) -> Artefact:
        """Archive `root/venv` and `root/action`; store it under its content digest."""

    @abstractmethod
    async def save_log(self, build_id: str, text: str) -> str:
        """Store a build log; return its reference (s3://bucket/logs/<build_id>.log)."""


class Workspaces(ABC):
    """Fresh private directories for builds."""

    @abstractmethod
    async def create(self, build_id: str) -> Path: ...

    @abstractmethod
    async def remove(self, path: Path) -> None: ...


class UnitOfWork(kernel.UnitOfWork[BuildEvent]):
    """The kernel's unit of work over the ended builds (the events owed are written to the
    outbox with the change, relayed to the bus once the broker confirms: never lost while it
    is away)."""

    builds: EndedBuildRepository


class EnvironmentLocks(ABC):
    """One build at a time per environment cache key, across every builder sharing the
    cache: the next build of the key waits, then finds the environment cached."""

    @abstractmethod
    def hold(self, key: str, waiting: Callable[[], None]) -> AbstractAsyncContextManager[None]:
        """Held for the block; `waiting()` is called once when another build holds it."""


class Clock(ABC):
    @abstractmethod
    def now(self) -> datetime: ...

    @abstractmethod
    def monotonic(self) -> float: ...
