"""BuildService: request and cancel builds, and apply the builders' results (idempotently)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from flowloom.repository.domain.build import Build
from flowloom.repository.domain.catalog import Action, ActionState
from flowloom.repository.domain.errors import Conflict, NotFound
from flowloom.repository.domain.events import (
    ActionBuildCancelled,
    ActionBuildRequested,
    ActionPublished,
)
from flowloom.repository.domain.ports import Clock, Ids, LogStore, UnitOfWork
from flowloom.repository.domain.repositories import Page

log = logging.getLogger(__name__)
BUILD_ALL_STATES = (ActionState.SCANNED, ActionState.BUILD_ERROR, ActionState.CANCELLED)


@dataclass(frozen=True)
class BuildSucceeded:
    build_id: str
    artefact: str
    artefact_digest: str
    logs: str
    cache_hit: bool
    duration_seconds: float


@dataclass(frozen=True)
class BuildFailed:
    build_id: str
    error: str
    logs: str
    cancelled: bool
    duration_seconds: float


@dataclass(eq=False)
class BuildService:
    """Each request emits ActionBuildRequested in the transaction that records the build."""

    uow: Callable[[], UnitOfWork]
    logs: LogStore
    clock: Clock
    ids: Ids
    time_limit_seconds: float = 900

    async def request(self, project_id: str, action_id: str) -> Build:
        async with self.uow() as uow:
            action = await uow.actions.get(project_id, action_id)
            if action is None:
                raise NotFound(f"action {action_id} not found")
            build = self._order(uow, action)
            await uow.builds.add(build)
            await uow.commit()
        return build

    async def request_all(self, project_id: str, source_id: str) -> list[Build]:
        """Build every action of the source in Scanned, Build Error or Cancelled."""
        async with self.uow() as uow:
            if await uow.sources.get(project_id, source_id) is None:
                raise NotFound(f"source {source_id} not found")
            builds = []
            for action in await uow.actions.of_source(project_id, source_id):
                if action.state in BUILD_ALL_STATES and action.present_in_latest_scan:
                    build = self._order(uow, action)
                    await uow.builds.add(build)
                    builds.append(build)
            await uow.commit()
        return builds

    async def cancel(self, project_id: str, build_id: str) -> Build:
        async with self.uow() as uow:
            build = await self._build(uow, project_id, build_id)
            now = self.clock.now()
            if not build.cancel(now):
                raise Conflict(f"this build is already {build.state.value}")
            action = await uow.actions.get(project_id, build.action_id)
            if action is not None:
                action.build_cancelled(build.id, now)
            uow.emit(ActionBuildCancelled(self.ids.new_id(), build.id, project_id, now))
            await uow.commit()
        return build

    async def get(self, project_id: str, build_id: str) -> Build:
        async with self.uow() as uow:
            return await self._build(uow, project_id, build_id)

    async def history(
        self, project_id: str, action_id: str, limit: int, cursor: str | None
    ) -> Page[Build]:
        async with self.uow() as uow:
            if await uow.actions.get(project_id, action_id) is None:
                raise NotFound(f"action {action_id} not found")
            return await uow.builds.of_action(project_id, action_id, limit, cursor)

    async def log(self, project_id: str, build_id: str) -> bytes:
        build = await self.get(project_id, build_id)
        content = None if build.logs is None else await self.logs.read_log(build.logs)
        if content is None:
            raise NotFound(f"build {build_id} has no log yet (it is {build.state.value})")
        return content

    async def started(self, project_id: str, build_id: str) -> None:
        async with self.uow() as uow:
            build = await uow.builds.get(project_id, build_id)
            now = self.clock.now()
            if build is None or not build.start(now):
                log.info("ignoring the start of build %s (unknown or not pending)", build_id)
                return
            action = await uow.actions.get(project_id, build.action_id)
            if action is not None:
                action.build_started(build.id, now)
            await uow.commit()

    async def succeeded(self, project_id: str, result: BuildSucceeded) -> None:
        async with self.uow() as uow:
            build = await uow.builds.get(project_id, result.build_id)
            now = self.clock.now()
            if build is None or not build.succeed(
                result.artefact,
                result.artefact_digest,
                result.logs,
                result.cache_hit,
                result.duration_seconds,
                now,
            ):
                log.info("ignoring the success of build %s (unknown or finished)", result.build_id)
                return
            action = await uow.actions.get(project_id, build.action_id)
            if action is not None and action.build_succeeded(build.id, result.artefact, now):
                source = await uow.sources.get(project_id, action.source_id)
                if source is not None:
                    uow.emit(ActionPublished(self.ids.new_id(), action, source, build, now))
            await uow.commit()

    async def failed(self, project_id: str, result: BuildFailed) -> None:
        async with self.uow() as uow:
            build = await uow.builds.get(project_id, result.build_id)
            now = self.clock.now()
            if build is None or not build.is_active:
                log.info("ignoring the failure of build %s (unknown or finished)", result.build_id)
                return
            action = await uow.actions.get(project_id, build.action_id)
            if result.cancelled:
                build.cancel(now, result.error or "cancelled")
                build.logs = result.logs or None
                if action is not None:
                    action.build_cancelled(build.id, now)
            else:
                build.fail(result.error, result.logs, result.duration_seconds, now)
                if action is not None:
                    action.build_failed(build.id, now)
            await uow.commit()

    def _order(self, uow: UnitOfWork, action: Action) -> Build:
        now = self.clock.now()
        build_id = self.ids.new_id()
        action.request_build(build_id, now)
        build = Build(
            id=build_id,
            project_id=action.project_id,
            action_id=action.id,
            content_digest=action.content_digest or "",
            sha=action.sha,
            source_archive=action.source_archive or "",
            requested_at=now,
        )
        uow.emit(
            ActionBuildRequested(self.ids.new_id(), build, action, self.time_limit_seconds, now)
        )
        return build

    async def _build(self, uow: UnitOfWork, project_id: str, build_id: str) -> Build:
        build = await uow.builds.get(project_id, build_id)
        if build is None:
            raise NotFound(f"build {build_id} not found")
        return build
