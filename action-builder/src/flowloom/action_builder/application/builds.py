"""The build use case: order → Started → environment (cached or made) → artefact → result."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path

from flowloom.action_builder.application.memory import Recent
from flowloom.action_builder.domain.build import (
    Artefact,
    BuildEvent,
    BuildFailed,
    BuildOrder,
    BuildResult,
    BuildStarted,
    BuildSucceeded,
    EnvironmentSpec,
    Interpreter,
)
from flowloom.action_builder.domain.cache import EnvironmentKey, normalise_requirements
from flowloom.action_builder.domain.errors import BuildStepFailed
from flowloom.action_builder.domain.log import BuildLog
from flowloom.action_builder.domain.ports import (
    ActionSource,
    ArtefactStore,
    Clock,
    EnvironmentBuilder,
    EnvironmentLocks,
    SourceFetcher,
    UnitOfWork,
    Workspaces,
)
from flowloom.action_builder.domain.rules import rejection, time_limit, time_limit_message

logger = logging.getLogger(__name__)
CANCELLED = "build cancelled"


@dataclass(slots=True)
class _Running:
    cancelled: bool = False
    task: asyncio.Task[_Built] | None = field(default=None)

    def cancel(self) -> None:
        self.cancelled = True
        if self.task is not None:
            self.task.cancel()


@dataclass(frozen=True, slots=True)
class _Built:
    artefact: Artefact
    cache_hit: bool


@dataclass(frozen=True, slots=True)
class _Failure:
    error: str
    cancelled: bool = False


@dataclass(eq=False)
class BuildService:
    """Builds actions; each `build` call is one order, several calls may run at once.

    Every order ends in exactly one result (Succeeded or Failed), committed with the build's
    end to the outbox, which relays it once the broker confirms (a broker away delays it, never
    loses it); the order is acknowledged after that commit. A service stopped mid-build
    commits nothing: the order is not acknowledged and comes back. Builds of one environment
    cache key run their environment step one at a time (`EnvironmentLocks`).
    """

    sources: SourceFetcher
    environments: EnvironmentBuilder
    artefacts: ArtefactStore
    workspaces: Workspaces
    uow: Callable[[], UnitOfWork]
    locks: EnvironmentLocks
    clock: Clock
    _: KW_ONLY
    default_time_limit: float
    remembered: int = 10_000
    _running: dict[str, _Running] = field(init=False, default_factory=dict)
    _cancelled: Recent[bool] = field(init=False)

    def __post_init__(self) -> None:
        self._cancelled = Recent(self.remembered)

    def running(self) -> list[str]:
        return list(self._running)

    async def build(self, order: BuildOrder) -> None:
        """Build one order and commit its result to the outbox (a duplicate order of a build
        that ended changes nothing: its result is already owed or delivered)."""
        if order.build_id in self._running:
            logger.info("build %s is already running: duplicate order ignored", order.build_id)
            return
        # Running from here until its result is committed: a duplicate meanwhile is ignored.
        record = self._running[order.build_id] = _Running()
        try:
            if await self._ended(order.build_id):
                logger.info("build %s has ended: duplicate order ignored", order.build_id)
                return
            result = await self._result(order, record)
            async with self.uow() as uow:
                await uow.builds.add(result)
                uow.emit(result)
                await uow.commit()
        finally:
            del self._running[order.build_id]

    async def cancel(self, build_id: str) -> None:
        """Stop a running build; a build not started yet fails as cancelled when it arrives."""
        record = self._running.get(build_id)
        if record is not None:
            record.cancel()
        elif not await self._ended(build_id):
            self._cancelled.put(build_id, True)

    async def _ended(self, build_id: str) -> bool:
        async with self.uow() as uow:
            return await uow.builds.contains(build_id)

    async def _owe(self, event: BuildEvent) -> None:
        async with self.uow() as uow:
            uow.emit(event)
            await uow.commit()

    async def _result(self, order: BuildOrder, record: _Running) -> BuildResult:
        started = self.clock.monotonic()
        if self._cancelled.pop(order.build_id):
            return self._failed(order, _Failure(CANCELLED, cancelled=True), "", started)
        await self._owe(BuildStarted(order.build_id, order.project_id, self.clock.now()))
        log = BuildLog()
        log.stamp(
            self.clock.now(),
            f"build {order.build_id}: {order.technical_name} {order.version} "
            f"({order.kind}, {order.type}) of project {order.project_id}",
        )
        reason = rejection(order) or self.environments.unavailable()
        outcome = _Failure(reason) if reason else await self._supervise(order, record, log)
        if isinstance(outcome, _Failure):
            log.stamp(self.clock.now(), f"FAILED: {outcome.error}")
        else:
            log.stamp(self.clock.now(), f"SUCCEEDED: {outcome.artefact.uri}")
        log.write(f"duration {self.clock.monotonic() - started:.1f} s")
        logs = await self._save_log(order.build_id, log)
        if isinstance(outcome, _Failure):
            return self._failed(order, outcome, logs, started)
        return BuildSucceeded(
            order.build_id,
            order.project_id,
            outcome.artefact,
            logs,
            outcome.cache_hit,
            self.clock.monotonic() - started,
            self.clock.now(),
        )

    async def _supervise(
        self, order: BuildOrder, record: _Running, log: BuildLog
    ) -> _Built | _Failure:
        """Run the work under its time limit; a cancel or the limit kills it."""
        limit = time_limit(order, self.default_time_limit)
        work = record.task = asyncio.create_task(self._work(order, log))
        if record.cancelled:
            work.cancel()
        try:
            done, _ = await asyncio.wait({work}, timeout=limit)
        finally:
            if not work.done():  # the time limit, or the service stopping
                work.cancel()
                await asyncio.gather(work, return_exceptions=True)
        if work.cancelled():
            if record.cancelled:
                return _Failure(CANCELLED, cancelled=True)
            return _Failure(time_limit_message(limit) if not done else CANCELLED)
        error = work.exception()
        if error is None:
            return work.result()
        if isinstance(error, BuildStepFailed):
            return _Failure(error.message)
        logger.error("build %s failed unexpectedly", order.build_id, exc_info=error)
        log.write(f"unexpected error: {type(error).__name__}: {error}")
        return _Failure(f"the build failed unexpectedly: {error or type(error).__name__}")

    async def _work(self, order: BuildOrder, log: BuildLog) -> _Built:
        workspace = await self.workspaces.create(order.build_id)
        try:
            async with self._step(log, "fetch the source"):
                source = await self.sources.fetch(order.source_archive, workspace / "action", log)
            async with self._step(log, "prepare the environment"):
                hit = await self._environment(order, source, log)
            async with self._step(log, "store the artefact"):
                artefact = await self.artefacts.publish(workspace, log)
            return _Built(artefact, hit)
        finally:
            await self.workspaces.remove(workspace)

    async def _environment(self, order: BuildOrder, source: ActionSource, log: BuildLog) -> bool:
        """Restore the cached environment or make it (and cache it); True on a cache hit."""
        venv = source.directory.parent / "venv"
        interpreter = await self.environments.interpreter(order.python_version, log)
        wrapper = await self.environments.wrapper_version()
        key = EnvironmentKey.of(
            order.project_id, interpreter.identity, source.requirements, wrapper
        )
        if key is None:
            log.write("environment cache: not used (the requirements refer to local files)")
            await self._create(order, source, venv, interpreter, log)
            return False
        log.write(
            f"environment cache key {key.digest} (python {interpreter.identity}, wrapper {wrapper})"
        )

        def waiting() -> None:
            log.stamp(self.clock.now(), "environment cache: another build is making it: waiting")

        # One build of a key at a time: the next one waits, then restores what it cached.
        async with self.locks.hold(key.digest, waiting):
            if await self.artefacts.restore_environment(key.digest, venv, log):
                log.write("environment cache: hit")
                return True
            log.write("environment cache: miss")
            await self._create(order, source, venv, interpreter, log)
            try:
                await self.artefacts.save_environment(key.digest, venv, log)
            except Exception as error:  # the cache is an optimisation: the build goes on
                log.write(f"environment cache: not saved ({error})")
        return False

    async def _create(
        self,
        order: BuildOrder,
        source: ActionSource,
        venv: Path,
        interpreter: Interpreter,
        log: BuildLog,
    ) -> None:
        requirements = source.directory / "requirements.txt"
        wanted = requirements if normalise_requirements(source.requirements) else None
        spec = EnvironmentSpec(venv, interpreter, wanted, order.project_id)
        await self.environments.create(spec, log)

    @asynccontextmanager
    async def _step(self, log: BuildLog, title: str) -> AsyncIterator[None]:
        log.stamp(self.clock.now(), f"==> {title}")
        began = self.clock.monotonic()
        yield
        log.write(f"<== {title}: {self.clock.monotonic() - began:.2f} s")

    async def _save_log(self, build_id: str, log: BuildLog) -> str:
        try:
            return await self.artefacts.save_log(build_id, log.text())
        except Exception:  # a result without its log is better than no result
            logger.warning("could not store the log of build %s", build_id, exc_info=True)
            return ""

    def _failed(
        self, order: BuildOrder, failure: _Failure, logs: str, started: float
    ) -> BuildFailed:
        return BuildFailed(
            order.build_id,
            order.project_id,
            failure.error,
            logs,
            failure.cancelled,
            self.clock.monotonic() - started,
            self.clock.now(),
        )
