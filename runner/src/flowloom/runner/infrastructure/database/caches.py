"""Process-wide caches of committed state, shared by the units of work of one runner.

The runner is one process and every change of a run goes through `SqlRunRepository`, so what
a unit of work committed is what the database holds: the next unit of work can start from a
copy of it instead of reading and decoding the run again. Entries are copies, never handed
out: a unit of work changes its own copy, and only a successful commit replaces the entry.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import TypeVar

from flowloom.runner.domain.execution import Execution
from flowloom.runner.domain.run import Run
from flowloom.runner.domain.workflow import WorkflowVersion

T = TypeVar("T")


def clone_run(run: Run) -> Run:
    """A copy sharing nothing mutable with ``run``.

    The values (IoValue, StoredFile, str, int...) are immutable, so copying the dataclasses
    and their dicts is a deep copy, at a fraction of ``copy.deepcopy``'s cost.
    """
    twin = _shallow(run)
    twin.trigger_outputs = dict(run.trigger_outputs)
    twin.results = dict(run.results)
    twin.executions = [_clone_execution(e) for e in run.executions]
    return twin


def _clone_execution(execution: Execution) -> Execution:
    twin = _shallow(execution)
    twin.inputs = dict(execution.inputs)
    twin.outputs = dict(execution.outputs)
    twin.attempts = list(execution.attempts)  # Attempt is frozen: a new list is a deep copy
    return twin


def _shallow(instance: T) -> T:
    """``copy.copy`` of a plain dataclass instance, without its protocol's overhead."""
    twin = object.__new__(type(instance))
    twin.__dict__.update(instance.__dict__)
    return twin


class RunCache:
    """The last committed state of recently used runs (least recently used dropped first).

    A unit of work records which entry it started from (its ``base``); at commit it replaces
    the entry only if that is still the one there, else it drops the entry, so two units of
    work changing one run at once can only cost a read, never leave a stale entry. A run read
    from the database is kept only if no commit touched it since the read began (``mark``).
    """

    def __init__(self, capacity: int = 512, memory: int = 4096) -> None:
        self._capacity = capacity
        self._runs: OrderedDict[str, Run] = OrderedDict()
        self._generation = 0
        self._touched: OrderedDict[str, int] = OrderedDict()  # run id -> generation
        self._memory = memory
        self._forgotten = 0  # touches older than this generation are no longer known

    def get(self, run_id: str) -> Run | None:
        run = self._runs.get(run_id)
        if run is not None:
            self._runs.move_to_end(run_id)
        return run

    def mark(self) -> int:
        """Taken before reading runs from the database, for ``offer``."""
        return self._generation

    def offer(self, run: Run, read_at: int) -> bool:
        """Keep ``run``, read from the database after ``mark()`` gave ``read_at``, unless a
        commit touched it since (the read may predate that commit) or it is cached already;
        whether ``run`` is now the entry."""
        if read_at < self._forgotten or self._touched.get(run.id, -1) > read_at:
            return False
        if self._runs.setdefault(run.id, run) is not run:
            return False
        self._trim()
        return run.id in self._runs

    def replace(self, base: Run | None, committed: Run) -> None:
        """After a commit: ``committed`` replaces ``base`` if ``base`` is still the entry."""
        self._touch(committed.id)
        if self._runs.get(committed.id) is base:
            self._runs[committed.id] = committed
            self._runs.move_to_end(committed.id)
            self._trim()
        else:
            self._runs.pop(committed.id, None)

    def drop(self, run_ids: Iterable[str]) -> None:
        for run_id in run_ids:
            self._touch(run_id)
            self._runs.pop(run_id, None)

    def drop_project(self, project_id: str) -> None:
        self.drop([r.id for r in self._runs.values() if r.project_id == project_id])
        self._generation += 1  # reads begun before cannot be kept: they may hold its runs
        self._forgotten = self._generation

    def _touch(self, run_id: str) -> None:
        self._generation += 1
        self._touched[run_id] = self._generation
        self._touched.move_to_end(run_id)
        while len(self._touched) > self._memory:
            _, generation = self._touched.popitem(last=False)
            self._forgotten = max(self._forgotten, generation)

    def _trim(self) -> None:
        while len(self._runs) > self._capacity:
            self._runs.popitem(last=False)


class VersionCache:
    """Decoded workflow versions (immutable), by version id."""

    def __init__(self, capacity: int = 256) -> None:
        self._capacity = capacity
        self._versions: OrderedDict[str, tuple[str, WorkflowVersion]] = OrderedDict()

    def get(self, workflow_version_id: str) -> WorkflowVersion | None:
        entry = self._versions.get(workflow_version_id)
        if entry is None:
            return None
        self._versions.move_to_end(workflow_version_id)
        return entry[1]

    def put(self, project_id: str, version: WorkflowVersion) -> None:
        self._versions[version.workflow_version_id] = (project_id, version)
        self._versions.move_to_end(version.workflow_version_id)
        while len(self._versions) > self._capacity:
            self._versions.popitem(last=False)

    def drop_project(self, project_id: str) -> None:
        for key in [k for k, (p, _) in self._versions.items() if p == project_id]:
            del self._versions[key]
