"""ScanService: scans run as background tasks of the service, one source at a time."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from flowloom.repository.domain.errors import NotFound, SourceRefused
from flowloom.repository.domain.events import ActionBuildCancelled
from flowloom.repository.domain.ports import (
    Clock,
    CredentialCipher,
    Ids,
    RepositoryScanner,
    SourceGate,
    UnitOfWork,
)
from flowloom.repository.domain.repositories import Page
from flowloom.repository.domain.rescan import reconcile
from flowloom.repository.domain.scan import ScanFailed, ScanResult
from flowloom.repository.domain.source import (
    INTERRUPTED,
    Scan,
    ScanState,
    Source,
    check_branch,
)
from flowloom.servicekit.kernel import KeyedLocks

log = logging.getLogger(__name__)
INTERNAL_FAILURE = "the scan failed because of an internal error; see the service log"


@dataclass(eq=False)
class ScanService:
    """`start` records a Running scan and returns at once; the scan itself runs in a task.

    Each scan asks the gate again, with the reach of whoever set the source's URL: a symlink
    or a DNS answer may have changed since (docs/security/sources.md)."""

    uow: Callable[[], UnitOfWork]
    scanner: RepositoryScanner
    cipher: CredentialCipher
    clock: Clock
    ids: Ids
    gate: SourceGate
    concurrency: int = 2
    slots: asyncio.Semaphore = field(init=False)
    project_locks: KeyedLocks = field(init=False, default_factory=KeyedLocks)
    tasks: set[asyncio.Task[None]] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        self.slots = asyncio.Semaphore(max(1, self.concurrency))

    async def start(self, project_id: str, source_id: str, ref: str | None) -> Scan:
        async with self.uow() as uow:
            source = await uow.sources.get(project_id, source_id)
            if source is None:
                raise NotFound(f"source {source_id} not found")
            wanted = ref or source.branch_to_scan
            scan = Scan(
                id=self.ids.new_id(),
                project_id=project_id,
                source_id=source_id,
                ref=check_branch(wanted, "body.ref") if ref else wanted,
                state=ScanState.RUNNING,
                started_at=self.clock.now(),
            )
            await uow.scans.add(scan)
            await uow.commit()
        self._spawn(self.run(scan.id, project_id))
        return scan

    async def get(self, project_id: str, scan_id: str) -> Scan:
        async with self.uow() as uow:
            scan = await uow.scans.get(project_id, scan_id)
        if scan is None:
            raise NotFound(f"scan {scan_id} not found")
        return scan

    async def list(
        self, project_id: str, source_id: str, limit: int, cursor: str | None
    ) -> Page[Scan]:
        async with self.uow() as uow:
            if await uow.sources.get(project_id, source_id) is None:
                raise NotFound(f"source {source_id} not found")
            return await uow.scans.page(project_id, source_id, limit, cursor)

    async def mark_interrupted(self) -> int:
        """Scans left Running by a crash can never finish: mark them Failed at start-up."""
        async with self.uow() as uow:
            running = await uow.scans.running()
            for scan in running:
                scan.fail(INTERRUPTED, self.clock.now())
            await uow.commit()
        return len(running)

    async def run(self, scan_id: str, project_id: str) -> None:
        """Fetch, validate and record; a failure of the whole repository fails the scan."""
        async with self.slots:
            try:
                result = await self._scan(scan_id, project_id)
                if result is not None:
                    await self._record(scan_id, project_id, result)
            except ScanFailed as failure:
                await self._finish_failed(scan_id, project_id, failure.message)
            except SourceRefused as refused:
                message = f"refused to read the repository: {refused.message}"
                await self._finish_failed(scan_id, project_id, message)
            except Exception:
                log.exception("scan %s failed", scan_id)
                await self._finish_failed(scan_id, project_id, INTERNAL_FAILURE)

    async def close(self) -> None:
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    async def _scan(self, scan_id: str, project_id: str) -> ScanResult | None:
        async with self.uow() as uow:
            scan = await uow.scans.get(project_id, scan_id)
            source = None if scan is None else await uow.sources.get(project_id, scan.source_id)
        if scan is None or source is None:
            return None  # deleted meanwhile
        admission = await self.gate.admit(source.url, admin=source.url_set_by_admin)
        sealed = source.sealed_credentials
        credentials = None if sealed is None else self.cipher.unseal(sealed)
        return await self.scanner.scan(project_id, admission, scan.ref, credentials)

    async def _record(self, scan_id: str, project_id: str, result: ScanResult) -> None:
        # One project at a time: duplicate names are checked across all its sources.
        lock = self.project_locks(project_id)
        async with lock, self.uow() as uow:
            scan = await uow.scans.get(project_id, scan_id)
            source = None if scan is None else await uow.sources.get(project_id, scan.source_id)
            if scan is None or source is None:
                return
            project = await uow.actions.of_project(project_id)
            existing = [action for action in project if action.source_id == source.id]
            others = [action for action in project if action.source_id != source.id]
            names = {s.id: s.name for s in await _all_sources(uow, project_id)}
            now = self.clock.now()
            outcome = reconcile(source, result, existing, others, names, self.ids.new_id, now)
            for action in outcome.added:
                await uow.actions.add(action)
            for build_id in outcome.cancelled_builds:
                await self._cancel_build(uow, project_id, build_id)
            source.learn_default_branch(scan, result.ref)
            scan.succeed(result.sha, outcome.errors, now, result.ref)
            await uow.commit()

    async def _cancel_build(self, uow: UnitOfWork, project_id: str, build_id: str) -> None:
        build = await uow.builds.get(project_id, build_id)
        now = self.clock.now()
        if build is not None and build.cancel(now, "the action changed in a newer scan"):
            uow.emit(ActionBuildCancelled(self.ids.new_id(), build.id, project_id, now))

    async def _finish_failed(self, scan_id: str, project_id: str, message: str) -> None:
        async with self.uow() as uow:
            scan = await uow.scans.get(project_id, scan_id)
            if scan is not None:
                scan.fail(message, self.clock.now())
                await uow.commit()

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)


async def _all_sources(uow: UnitOfWork, project_id: str) -> list[Source]:
    page = await uow.sources.page(project_id, 10_000, None)
    return page.items
