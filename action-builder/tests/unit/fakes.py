"""Fakes for the build use case's ports: in memory, controllable from tests."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime
from pathlib import Path

from flowloom.action_builder.domain import ports, repositories
from flowloom.action_builder.domain.build import (
    Artefact,
    BuildEvent,
    BuildResult,
    EnvironmentSpec,
    Interpreter,
)
from flowloom.action_builder.domain.errors import BuildStepFailed
from flowloom.action_builder.domain.log import BuildLog


class FakeSources(ports.SourceFetcher):
    def __init__(self) -> None:
        self.requirements: dict[str, str] = {}  # archive → requirements text
        self.code: dict[str, str] = {}  # archive → what the artefact digest depends on

    async def fetch(self, archive: str, into: Path, log: BuildLog) -> ports.ActionSource:
        if archive not in self.requirements:
            raise BuildStepFailed(f"the source archive {archive} does not exist")
        log.write(f"fetched {archive}")
        return ports.ActionSource(into, self.requirements[archive])


class FakeEnvironments(ports.EnvironmentBuilder):
    def __init__(self) -> None:
        self.created: list[tuple[Path, Path | None]] = []
        self.entered = asyncio.Event()
        self.release: asyncio.Event | None = None  # when set: `create` waits for it
        self.failure: Exception | None = None
        self.killed = 0
        self.refusal: str | None = None  # what `unavailable` answers
        self.projects: list[str] = []

    def unavailable(self) -> str | None:
        return self.refusal

    async def interpreter(self, requested: str, log: BuildLog) -> Interpreter:
        return Interpreter("3.11.7", "/usr/bin/python3.11")

    async def wrapper_version(self) -> str:
        return "wrapper-1"

    async def create(self, spec: EnvironmentSpec, log: BuildLog) -> None:
        self.created.append((spec.venv, spec.requirements))
        self.projects.append(spec.project_id)
        log.write("$ uv pip install ...")
        self.entered.set()
        try:
            if self.release is not None:
                await self.release.wait()
        except asyncio.CancelledError:
            self.killed += 1
            raise
        if self.failure is not None:
            raise self.failure


class FakeArtefacts(ports.ArtefactStore):
    def __init__(self) -> None:
        self.cache: set[str] = set()
        self.logs: dict[str, str] = {}
        self.log_failure: Exception | None = None
        self.published = 0

    async def restore_environment(self, key: str, venv: Path, log: BuildLog) -> bool:
        return key in self.cache

    async def save_environment(self, key: str, venv: Path, log: BuildLog) -> None:
        self.cache.add(key)

    async def publish(self, root: Path, log: BuildLog) -> Artefact:
        self.published += 1
        digest = hashlib.sha256(str(root).encode()).hexdigest()
        return Artefact(f"s3://artefacts/venv/{digest}.tar.gz", f"sha256:{digest}")

    async def save_log(self, build_id: str, text: str) -> str:
        if self.log_failure is not None:
            raise self.log_failure
        self.logs[build_id] = text
        return f"s3://artefacts/logs/{build_id}.log"


class FakeWorkspaces(ports.Workspaces):
    def __init__(self) -> None:
        self.live: set[Path] = set()
        self.created: list[Path] = []

    async def create(self, build_id: str) -> Path:
        path = Path("/work") / build_id
        self.live.add(path)
        self.created.append(path)
        return path

    async def remove(self, path: Path) -> None:
        self.live.discard(path)


class FakeOutbox:
    """What units of work committed: the events owed, in order, and the ended builds."""

    def __init__(self) -> None:
        self.events: list[BuildEvent] = []
        self.ended: set[str] = set()

    def uow(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)


class FakeEndedBuildRepository(repositories.EndedBuildRepository):
    def __init__(self, outbox: FakeOutbox) -> None:
        self._outbox = outbox
        self.added: list[str] = []

    async def contains(self, build_id: str) -> bool:
        await asyncio.sleep(0)  # a query: other tasks run meanwhile
        return build_id in self._outbox.ended or build_id in self.added

    async def add(self, result: BuildResult) -> None:
        if await self.contains(result.build_id):
            raise RuntimeError(f"build {result.build_id} has already ended")
        self.added.append(result.build_id)


class FakeUnitOfWork(ports.UnitOfWork):
    def __init__(self, outbox: FakeOutbox) -> None:
        self._outbox = outbox
        self._pending: list[BuildEvent] = []
        self.builds = FakeEndedBuildRepository(outbox)

    def emit(self, event: BuildEvent) -> None:
        self._pending.append(event)

    async def commit(self) -> None:
        self._outbox.events += self._pending
        self._outbox.ended.update(self.builds.added)
        self._pending, self.builds.added = [], []

    async def rollback(self) -> None:
        self._pending = []


class FakeClock(ports.Clock):
    def __init__(self) -> None:
        self.ticks = 0.0

    def now(self) -> datetime:
        return datetime(2026, 1, 1, tzinfo=UTC)

    def monotonic(self) -> float:
        self.ticks += 0.5
        return self.ticks
