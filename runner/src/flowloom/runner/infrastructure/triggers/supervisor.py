"""Trigger supervision on this host: a task per deployed workflow with a source or a cron."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Mapping
from datetime import datetime
from typing import Any, Protocol

from flowloom.runner.domain.errors import DomainError, TriggerStartFailed, ValidationFailed
from flowloom.runner.domain.invocation import ActionHandle
from flowloom.runner.domain.ports import Clock, FileStore, SecretResolver
from flowloom.runner.domain.run import TriggerSource
from flowloom.runner.domain.runtime import TriggerSupervisor
from flowloom.runner.domain.values import TriggerValue
from flowloom.runner.domain.workflow import ActionTrigger, CronTrigger, WorkflowVersion
from flowloom.runner.infrastructure.grpc.invoker import WrapperRegistry
from flowloom.runner.infrastructure.triggers.cron import (
    CronSchedule,
    Schedule,
    cron_outputs,
    follow_schedule,
)
from flowloom.runner.infrastructure.triggers.inputs import source_request
from flowloom.runner.infrastructure.triggers.source import SourceEvents, follow_source

log = logging.getLogger(__name__)


class TriggerRuns(Protocol):
    """What triggers need of ``RunService``."""

    async def start_run(
        self,
        project_id: str,
        workflow_id: str,
        trigger_source: TriggerSource,
        outputs: Mapping[str, TriggerValue],
    ) -> str: ...

    async def record_trigger_error(
        self, project_id: str, workflow_id: str, message: str
    ) -> str: ...


class TriggerStops(Protocol):
    """What triggers need of ``DeploymentService``."""

    async def trigger_stopped(
        self, project_id: str, workflow_id: str, workflow_version_id: str, error: str | None
    ) -> None: ...


class LocalTriggerSupervisor(TriggerSupervisor):
    """One asyncio task per workflow: a source's ``Run`` stream, or a cron schedule.

    ``runs`` and ``deployments`` are zero-argument callables returning the services, called at
    each event rather than at construction: DeploymentService depends (through TriggerKeeper)
    on this supervisor, so the container passes providers, e.g. ``run_service.provider``.
    Close it before the deployer, so that stopping wrappers is not taken for a failed source.
    """

    def __init__(
        self,
        wrappers: WrapperRegistry,
        runs: Callable[[], TriggerRuns],
        deployments: Callable[[], TriggerStops],
        files: FileStore,
        secrets: SecretResolver,
        clock: Clock,
        *,
        schedule: Callable[[CronTrigger], Schedule] = CronSchedule.of,
    ) -> None:
        self._wrappers = wrappers
        self._runs = runs
        self._deployments = deployments
        self._files = files
        self._secrets = secrets
        self._clock = clock
        self._schedule = schedule
        self._tasks: dict[str, asyncio.Task[None]] = {}

    async def start(
        self, project_id: str, version: WorkflowVersion, handle: ActionHandle | None
    ) -> None:
        await self.stop(version.workflow_id)
        trigger = version.trigger
        work: Coroutine[Any, Any, None]
        if isinstance(trigger, ActionTrigger):
            work = await self._source(project_id, version, trigger, handle)
        elif isinstance(trigger, CronTrigger):
            work = self._cron(project_id, version.workflow_id, trigger, self._schedule(trigger))
        else:
            return  # manual: runs come from the API
        name = f"trigger-{version.workflow_id}"
        self._tasks[version.workflow_id] = asyncio.create_task(work, name=name)

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
    ) -> Coroutine[Any, Any, None]:
        wrapper = self._wrappers.wrapper(handle) if handle else None
        if wrapper is None:
            raise TriggerStartFailed("the source action is not running")
        execution_id = f"trigger-{version.workflow_version_id}"
        request = await source_request(
            project_id, execution_id, trigger, self._files, self._secrets
        )
        events = _Events(self, project_id, version.workflow_id)
        return self._follow(project_id, version, follow_source(wrapper, request, events))

    async def _follow(
        self, project_id: str, version: WorkflowVersion, source: Coroutine[Any, Any, str | None]
    ) -> None:
        workflow_id = version.workflow_id
        try:
            error = await source
        except Exception as failure:  # a bug here must still put the deployment in Error
            log.exception("the trigger of workflow %s failed", workflow_id)
            error = f"the trigger failed: {failure}"
        if self._tasks.get(workflow_id) is asyncio.current_task():
            del self._tasks[workflow_id]  # trigger_stopped stops the trigger: not this task
        version_id = version.workflow_version_id
        try:
            await self._deployments().trigger_stopped(project_id, workflow_id, version_id, error)
        except Exception:
            log.exception("the end of the trigger of workflow %s was not recorded", workflow_id)

    async def _cron(
        self, project_id: str, workflow_id: str, trigger: CronTrigger, schedule: Schedule
    ) -> None:
        async def fire(moment: datetime) -> None:
            outputs = cron_outputs(trigger, moment)
            await self.start_run(project_id, workflow_id, TriggerSource.CRON, outputs)

        await follow_schedule(schedule, self._clock, fire)

    async def start_run(
        self,
        project_id: str,
        workflow_id: str,
        source: TriggerSource,
        outputs: Mapping[str, TriggerValue],
    ) -> None:
        """Start a run; a refused one is logged (and recorded when its outputs were wrong)."""
        try:
            await self._runs().start_run(project_id, workflow_id, source, outputs)
        except ValidationFailed as invalid:
            await self.record_error(project_id, workflow_id, f"invalid outputs: {invalid}")
        except DomainError as refused:
            log.warning("no run started for workflow %s: %s", workflow_id, refused.message)
        except Exception:
            log.exception("no run started for workflow %s", workflow_id)

    async def record_error(self, project_id: str, workflow_id: str, message: str) -> None:
        try:
            await self._runs().record_trigger_error(project_id, workflow_id, message)
        except Exception:
            log.exception("trigger error of workflow %s not recorded: %s", workflow_id, message)


class _Events(SourceEvents):
    """A source's events, for one workflow."""

    def __init__(self, supervisor: LocalTriggerSupervisor, project_id: str, workflow_id: str):
        self._supervisor = supervisor
        self._project_id = project_id
        self._workflow_id = workflow_id

    async def run_requested(self, outputs: Mapping[str, TriggerValue]) -> None:
        source = TriggerSource.SOURCE
        await self._supervisor.start_run(self._project_id, self._workflow_id, source, outputs)

    async def run_error_reported(self, message: str) -> None:
        await self._supervisor.record_error(self._project_id, self._workflow_id, message)

    def logged(self, stream: str, line: str) -> None:
        log.info("source of workflow %s (%s): %s", self._workflow_id, stream, line)
