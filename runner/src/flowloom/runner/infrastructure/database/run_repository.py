"""Runs with their executions, read and written explicitly with change tracking.

Why not an ORM mapping like deployments: the value columns are encrypted with the unit of
work's key, which a mapped column type cannot reach; and comparing each run with a copy taken
when it was loaded also saves changes made in place (a dict of outputs updated rather than
replaced), which a mapping only sees for reassigned attributes. The cost is this small file.
With a `RunCache`, a run committed in this process is not read again: the next unit of work
starts from a copy of what was committed (see caches.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, fields

from sqlalchemy import (
    ColumnElement,
    RowMapping,
    and_,
    bindparam,
    delete,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from flowloom.runner.domain.errors import Conflict
from flowloom.runner.domain.execution import Execution
from flowloom.runner.domain.repositories import RunCursor, RunFilter, RunRepository
from flowloom.runner.domain.run import Run, RunState
from flowloom.runner.infrastructure.database.caches import RunCache, clone_run
from flowloom.runner.infrastructure.database.cipher import ValueCipher
from flowloom.runner.infrastructure.database.conflicts import conflicts_translated
from flowloom.runner.infrastructure.database.run_rows import execution_row, run_from_rows, run_row
from flowloom.runner.infrastructure.database.tables import executions, runs

_RUN_FIELDS = tuple(f.name for f in fields(Run) if f.name != "executions")
# Built once: a statement given its parameters at execution skips building and coercing a
# VALUES clause on every call (the SET clause comes from the parameters' keys).
_INSERT_RUN = insert(runs)
_UPDATE_RUN = update(runs).where(runs.c.id == bindparam("run_id"))
_INSERT_EXECUTIONS = insert(executions)
_UPDATE_EXECUTION = update(executions).where(executions.c.id == bindparam("execution_id"))


@dataclass
class _Tracked:
    run: Run
    saved: Run  # a copy of the run as last read or written, never changed
    base: Run | None  # the cache entry it was read from (None: added here)
    cacheable: bool = True  # False: read while a commit could change it, do not cache


class SqlRunRepository(RunRepository):
    """Every run returned is tracked: `save()` writes what changed since it was read.

    Reads first save pending changes, so queries see them (as in the in-memory fakes), and
    a run already tracked is returned as the same object. The unit of work calls `save()`
    before committing.
    """

    def __init__(
        self, session: AsyncSession, cipher: ValueCipher, cache: RunCache | None = None
    ) -> None:
        self._session = session
        self._cipher = cipher
        self._cache = cache or RunCache(capacity=0)
        self._tracked: dict[str, _Tracked] = {}

    async def get(self, run_id: str) -> Run | None:
        if run_id in self._tracked:
            return self._tracked[run_id].run
        cached = self._cache.get(run_id)
        if cached is not None:
            tracked = _Tracked(clone_run(cached), cached, cached)
            self._tracked[run_id] = tracked
            return tracked.run
        found = await self._load([runs.c.id == run_id])
        return found[0] if found else None

    async def add(self, run: Run) -> None:
        if run.id in self._tracked:
            raise Conflict("a run with this id already exists")
        with conflicts_translated():
            await self._session.execute(_INSERT_RUN, run_row(run, self._cipher))
            await self._insert_executions(run.executions)
        self._tracked[run.id] = _Tracked(run, clone_run(run), None)

    async def list_page(
        self, project_id: str, filters: RunFilter, limit: int, after: RunCursor | None
    ) -> list[Run]:
        where = [runs.c.project_id == project_id, *_filtered(filters)]
        if after is not None:
            where.append(
                or_(
                    runs.c.created_at < after.created_at,
                    and_(runs.c.created_at == after.created_at, runs.c.id < after.run_id),
                )
            )
        newest_first = (runs.c.created_at.desc(), runs.c.id.desc())
        return await self._load(where, newest_first, limit)

    async def list_unfinished(self, project_id: str | None = None) -> list[Run]:
        where = [runs.c.state == RunState.RUNNING]
        if project_id is not None:
            where.append(runs.c.project_id == project_id)
        return await self._load(where, (runs.c.created_at, runs.c.id))

    async def delete_for_project(self, project_id: str) -> None:
        """Executions go with their runs (ON DELETE CASCADE)."""
        await self.save()
        with conflicts_translated():
            await self._session.execute(delete(runs).where(runs.c.project_id == project_id))
        self._cache.drop_project(project_id)
        self._tracked = {
            run_id: tracked
            for run_id, tracked in self._tracked.items()
            if tracked.run.project_id != project_id
        }

    async def save(self) -> None:
        """Write what changed in the tracked runs since they were read or last saved."""
        with conflicts_translated():
            for tracked in self._tracked.values():
                await self._save(tracked)

    def forget(self) -> None:
        """Stop tracking every run (after a rollback, their changes are not to be saved)."""
        self._tracked = {}

    def committed(self) -> None:
        """The saved state was committed: it becomes the cached state of each run."""
        for tracked in self._tracked.values():
            if not tracked.cacheable:
                self._cache.drop([tracked.run.id])
            elif tracked.saved is not tracked.base:
                self._cache.replace(tracked.base, tracked.saved)
                tracked.base = tracked.saved

    def uncertain(self) -> None:
        """A commit failed: what the database holds is unknown, read these runs again."""
        self._cache.drop(self._tracked)

    async def _load(
        self,
        where: Sequence[ColumnElement[bool]],
        order: Sequence[ColumnElement[object]] = (),
        limit: int | None = None,
    ) -> list[Run]:
        await self.save()
        read_at = self._cache.mark()
        statement = select(runs).where(*where).order_by(*order)
        if limit is not None:
            statement = statement.limit(limit)
        rows = (await self._session.execute(statement)).mappings().all()
        fresh = [row["id"] for row in rows if row["id"] not in self._tracked]
        executions_of = await self._executions_of(fresh)
        loaded: list[Run] = []
        for row in rows:
            tracked = self._tracked.get(row["id"])
            if tracked is None:
                run = run_from_rows(row, executions_of[row["id"]], self._cipher)
                saved = clone_run(run)
                kept = self._cache.offer(saved, read_at)
                tracked = _Tracked(run, saved, saved if kept else None, cacheable=kept)
                self._tracked[run.id] = tracked
            loaded.append(tracked.run)
        return loaded

    async def _executions_of(self, run_ids: list[str]) -> dict[str, list[RowMapping]]:
        by_run: dict[str, list[RowMapping]] = defaultdict(list)
        if run_ids:
            statement = (
                select(executions)
                .where(executions.c.run_id.in_(run_ids))
                .order_by(executions.c.run_id, executions.c.position)
            )
            for row in (await self._session.execute(statement)).mappings():
                by_run[row["run_id"]].append(row)
        return by_run

    async def _save(self, tracked: _Tracked) -> None:
        run, saved = tracked.run, tracked.saved
        if run == saved:
            return
        if any(getattr(run, name) != getattr(saved, name) for name in _RUN_FIELDS):
            values = run_row(run, self._cipher)
            await self._session.execute(_UPDATE_RUN, {"run_id": values.pop("id"), **values})
        before = {execution.id: execution for execution in saved.executions}
        added: list[Execution] = []
        changed: list[dict[str, object]] = []
        for execution in run.executions:
            old = before.pop(execution.id, None)
            if old is None:
                added.append(execution)
            elif execution != old:
                values = execution_row(execution, self._cipher)
                changed.append({"execution_id": values.pop("id"), **values})
        if changed:  # one executemany: a step's end and the next one's start in one batch
            await self._session.execute(_UPDATE_EXECUTION, changed)
        await self._insert_executions(added)
        if before:
            await self._session.execute(delete(executions).where(executions.c.id.in_(list(before))))
        tracked.saved = clone_run(run)

    async def _insert_executions(self, added: list[Execution]) -> None:
        if added:
            rows = [execution_row(execution, self._cipher) for execution in added]
            await self._session.execute(_INSERT_EXECUTIONS, rows)


def _filtered(filters: RunFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if filters.workflow_id is not None:
        where.append(runs.c.workflow_id == filters.workflow_id)
    if filters.state is not None:
        where.append(runs.c.state == filters.state)
    if filters.since is not None:
        where.append(runs.c.created_at >= filters.since)
    if filters.until is not None:
        where.append(runs.c.created_at < filters.until)
    return where
