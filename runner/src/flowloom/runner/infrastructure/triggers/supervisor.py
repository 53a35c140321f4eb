"""Trigger supervision on this host: a task per deployed workflow with a source or a cron."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import KW_ONLY, dataclass, field
from datetime import UTC, datetime
from typing import Any

from flowloom.runner.application.deployments import DeploymentService
from flowloom.runner.application.runs import RunService
from flowloom.runner.domain.deployment import trigger_log_id
from flowloom.runner.domain.errors import DomainError, TriggerStartFailed, ValidationFailed
from flowloom.runner.domain.invocation import ActionHandle, LogLine
from flowloom.runner.domain.ports import (
    Clock,
    FileStore,
    LogSink,
    SecretResolver,
    TriggerSupervisor,
)
from flowloom.runner.domain.run import TriggerSource
from flowloom.runner.domain.values import TriggerValue
from flowloom.runner.domain.workflow import ActionTrigger, CronTrigger, WorkflowVersion
from flowloom.runner.infrastructure.grpc.invoker import WrapperRegistry
from flowloom.runner.infrastructure.grpc.logs import LogBatcher
from flowloom.runner.infrastructure.triggers.cron import (
    Schedule,
    cron_outputs,
    cron_schedule,
    follow_schedule,
)
from flowloom.runner.infrastructure.triggers.inputs import source_request
from flowloom.runner.infrastructure.triggers.source import SourceEvents, follow_source

log = logging.getLogger(__name__)
TAIL_LINES = 10  # the last lines of a source's log quoted when it fails
TAIL_LINE_CHARACTERS = 300


@dataclass(eq=False)
class _SourceWatch:
    """One running source: whether it is still starting, why it failed then, its last lines.

    It has started once it asks for a run (or reports a run error), once ``start`` stopped
    waiting, or once it ended; ``start_error`` is set only when it raised before that.
    """

    log: LogBatcher | None
    settled: asyncio.Event = field(default_factory=asyncio.Event)
    starting: bool = True
    start_error: str | None = None
    tail: deque[str] = field(default_factory=lambda: deque(maxlen=TAIL_LINES))

    def started(self) -> None:
        self.starting = False
        self.settled.set()

    def ended(self, error: str | None) -> bool:
        """The source ended: True when that failed its start (``start`` reports it)."""
        failed_start = self.starting and error is not None
        if failed_start:
            self.start_error = error
        self.started()
        return failed_start

    @property
    def log_tail(self) -> str:
        return "\n".join(self.tail)

    async def add_line(self, stream: str, line: str) -> None:
        cut = line if len(line) <= TAIL_LINE_CHARACTERS else line[:TAIL_LINE_CHARACTERS] + "…"
        self.tail.append(cut)
        if self.log is not None:
            await self.log.add(LogLine(stream, line, datetime.now(UTC)))


@dataclass(eq=False)
class LocalTriggerSupervisor(TriggerSupervisor):
    """One asyncio task per workflow: a source's ``Run`` stream, or a cron schedule.

    ``runs`` and ``deployments`` are zero-argument callables returning the services, called at
    each event rather than at construction: DeploymentService depends (through TriggerKeeper)
    on this supervisor, so the container passes providers, e.g. ``run_service.provider``.
    Close it before the deployer, so that stopping wrappers is not taken for a failed source.

    A source counts as started once it asked for its first run (or reported a run error), or
    ran ``start_seconds`` without stopping: ``start`` waits for that, so a source that raises
    at once fails the deployment (TriggerStartFailed with its last log lines) rather than
    turning it Error after a Deployed. Its log lines go to ``logs`` as the deployed version's
    trigger log (``trigger_log_id``), masked like an execution's.
    """

    wrappers: WrapperRegistry
    runs: Callable[[], RunService]
    deployments: Callable[[], DeploymentService]
    files: FileStore
    secrets: SecretResolver
    clock: Clock
    _: KW_ONLY
    schedule: Callable[[CronTrigger], Schedule] = cron_schedule
    logs: LogSink | None = None
    start_seconds: float = 2.0
    _tasks: dict[str, asyncio.Task[None]] = field(init=False, default_factory=dict)

    async def start(
        self, project_id: str, version: WorkflowVersion, handle: ActionHandle | None
    ) -> None:
        await self.stop(version.workflow_id)
        trigger = version.trigger
        work: Coroutine[Any, Any, None]
        watch: _SourceWatch | None = None
        if isinstance(trigger, ActionTrigger):
            watch = self._watch(project_id, version)
            work = await self._source(project_id, version, trigger, handle, watch)
        elif isinstance(trigger, CronTrigger):
            work = self._cron(project_id, version.workflow_id, trigger, self.schedule(trigger))
        else:
            return  # manual: runs come from the API
        name = f"trigger-{version.workflow_id}"
        self._tasks[version.workflow_id] = asyncio.create_task(work, name=name)
        if watch is not None:
            await self._started(watch)

    def _watch(self, project_id: str, version: WorkflowVersion) -> _SourceWatch:
        log_id = trigger_log_id(version.workflow_version_id)
        return _SourceWatch(LogBatcher(self.logs, project_id, log_id, 1) if self.logs else None)

    async def _started(self, watch: _SourceWatch) -> None:
        """Wait for the source to start; TriggerStartFailed when it raised meanwhile."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(watch.settled.wait(), self.start_seconds)
        watch.started()
        if watch.start_error is not None:
            await _close(watch)  # here: the source's task is cancelled once this raises
            raise TriggerStartFailed(watch.start_error, watch.log_tail)

    async def stop(self, workflow_id: str) -> None:
        task = self._tasks.pop(workflow_id, None)
        if task is None or task is asyncio.current_task():
            return
        task.cancel()
        await asyncio.wait([task])

    async def close(self) -> None:
        """Stop every trigger (runner shutdown): no ``trigger_stopped`` is reported."""
        for workflow_id in list(self._tasks):
            await self.stop(workflow_id)

    async def _source(
        self,
        project_id: str,
        version: WorkflowVersion,
        trigger: ActionTrigger,
        handle: ActionHandle | None,
        watch: _SourceWatch,
    ) -> Coroutine[Any, Any, None]:
        wrapper = self.wrappers.wrapper(handle) if handle else None
        if wrapper is None:
            raise TriggerStartFailed("the source action is not running")
        execution_id = trigger_log_id(version.workflow_version_id)
        request, mask = await source_request(
            project_id, execution_id, trigger, self.files, self.secrets
        )
        events = _Events(self, project_id, version.workflow_id, watch)
        source = follow_source(wrapper, request, events, mask)
        return self._follow(project_id, version, source, watch)

    async def _follow(
        self,
        project_id: str,
        version: WorkflowVersion,
        source: Coroutine[Any, Any, str | None],
        watch: _SourceWatch,
    ) -> None:
        workflow_id = version.workflow_id
        try:
            error = await source
        except asyncio.CancelledError:
            watch.settled.set()  # ``start`` waits no longer
            await _close(watch)
            raise
        except Exception as failure:  # a bug here must still put the deployment in Error
            log.exception("the trigger of workflow %s failed", workflow_id)
            error = f"the trigger failed: {failure}"
        if watch.ended(error):  # before any await: ``start`` may be waiting
            return  # ``start`` stores its log and reports it: the deployment fails to start
        await _close(watch)
        if self._tasks.get(workflow_id) is asyncio.current_task():
            del self._tasks[workflow_id]  # trigger_stopped stops the trigger: not this task
        version_id = version.workflow_version_id
        try:
            await self.deployments().trigger_stopped(
                project_id, workflow_id, version_id, error, watch.log_tail
            )
        except Exception:
            log.exception("the end of the trigger of workflow %s was not recorded", workflow_id)

    async def _cron(
        self, project_id: str, workflow_id: str, trigger: CronTrigger, schedule: Schedule
    ) -> None:
        async def fire(moment: datetime) -> None:
            outputs = cron_outputs(trigger, moment)
            await self.start_run(project_id, workflow_id, TriggerSource.CRON, outputs)

        await follow_schedule(schedule, self.clock, fire)

    async def start_run(
        self,
        project_id: str,
        workflow_id: str,
        source: TriggerSource,
        outputs: Mapping[str, TriggerValue],
        masked: frozenset[str] = frozenset(),
    ) -> None:
        """Start a run; a refused one is logged (and recorded when its outputs were wrong).

        ``masked``: outputs to hide like passwords (they hold a value of a source's secret).
        A database outage is waited out: the source's next event (or the next cron tick)
        waits meanwhile."""
        try:
            await self.runs().start_run(
                project_id, workflow_id, source, outputs, masked=masked, wait_for_database=True
            )
        except ValidationFailed as invalid:
            await self.record_error(project_id, workflow_id, f"invalid outputs: {invalid}")
        except DomainError as refused:
            log.warning("no run started for workflow %s: %s", workflow_id, refused.message)
        except Exception:
            log.exception("no run started for workflow %s", workflow_id)

    async def record_error(self, project_id: str, workflow_id: str, message: str) -> None:
        try:
            await self.runs().record_trigger_error(project_id, workflow_id, message)
        except Exception:
            log.exception("trigger error of workflow %s not recorded: %s", workflow_id, message)


async def _close(watch: _SourceWatch) -> None:
    if watch.log is not None:
        await watch.log.close()


@dataclass(eq=False)
class _Events(SourceEvents):
    """A source's events, for one workflow."""

    supervisor: LocalTriggerSupervisor
    project_id: str
    workflow_id: str
    watch: _SourceWatch

    async def run_requested(
        self, outputs: Mapping[str, TriggerValue], masked: frozenset[str]
    ) -> None:
        self.watch.started()
        source = TriggerSource.SOURCE
        await self.supervisor.start_run(self.project_id, self.workflow_id, source, outputs, masked)

    async def run_error_reported(self, message: str) -> None:
        self.watch.started()
        await self.supervisor.record_error(self.project_id, self.workflow_id, message)

    async def logged(self, stream: str, line: str) -> None:
        # Its passwords and secrets are masked already (follow_source).
        log.info("source of workflow %s (%s): %s", self.workflow_id, stream, line)
        await self.watch.add_line(stream, line)
