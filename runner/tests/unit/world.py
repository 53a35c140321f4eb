"""A test world: fakes wired into every service, plus helpers to deploy and run workflows."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from flowloom.runner.application.deployments import DeploymentService
from flowloom.runner.application.engine import ExecutionEngine
from flowloom.runner.application.policy import EnginePolicy
from flowloom.runner.application.projects import ProjectCleanupService
from flowloom.runner.application.runs import RunService
from flowloom.runner.application.triggers import TriggerKeeper
from flowloom.runner.application.views import RunView
from flowloom.runner.domain.events import WorkflowDeploymentChanged
from flowloom.runner.domain.execution import Execution
from flowloom.runner.domain.run import Run, TriggerSource
from flowloom.runner.domain.values import TriggerValue
from flowloom.runner.domain.workflow import WorkflowVersion
from flowloom.servicekit.database.errors import database_unavailable
from flowloom.servicekit.outages import OutageRetry

from .builders import PROJECT
from .fake_repositories import FakeDatabase
from .fake_runtime import FakeDeployer, FakeInvoker, FakeTriggerSupervisor
from .fakes import (
    FakeClock,
    FakeConditions,
    FakeFileStore,
    FakeIds,
    FakeJournal,
    FakeLogStore,
    FakeSecrets,
    FakeUnitOfWork,
)


@dataclass
class World:
    db: FakeDatabase = field(default_factory=FakeDatabase)
    clock: FakeClock = field(default_factory=FakeClock)
    ids: FakeIds = field(default_factory=FakeIds)
    conditions: FakeConditions = field(default_factory=FakeConditions)
    secrets: FakeSecrets = field(default_factory=FakeSecrets)
    files: FakeFileStore = field(default_factory=FakeFileStore)
    logs: FakeLogStore = field(default_factory=FakeLogStore)
    deployer: FakeDeployer = field(default_factory=FakeDeployer)
    supervisor: FakeTriggerSupervisor = field(default_factory=FakeTriggerSupervisor)
    policy: EnginePolicy = field(default_factory=EnginePolicy)
    journal: FakeJournal = field(default_factory=FakeJournal)

    def uow(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.db)

    @cached_property
    def invoker(self) -> FakeInvoker:
        return FakeInvoker(self.clock, self.logs)

    @cached_property
    def outages(self) -> OutageRetry:
        """Waits out the fakes' outages (``db.down``) in virtual time."""
        return OutageRetry(database_unavailable, self.clock)

    @cached_property
    def engine(self) -> ExecutionEngine:
        return ExecutionEngine(
            self.uow,
            self.conditions,
            self.secrets,
            self.files,
            self.deployer,
            self.invoker,
            self.clock,
            self.policy,
            outages=self.outages,
            journal=self.journal,
        )

    @cached_property
    def triggers(self) -> TriggerKeeper:
        return TriggerKeeper(self.deployer, self.supervisor)

    @cached_property
    def deployments(self) -> DeploymentService:
        return DeploymentService(
            self.uow, self.triggers, self.conditions, self.clock, self.ids, self.logs
        )

    @cached_property
    def runs(self) -> RunService:
        return RunService(self.uow, self.engine, self.files, self.logs, self.clock, self.ids)

    @cached_property
    def cleanup(self) -> ProjectCleanupService:
        return ProjectCleanupService(self.uow, self.triggers, self.engine, self.logs, self.files)

    async def deploy(self, version: WorkflowVersion, project_id: str = PROJECT) -> None:
        await self.deployments.deploy(project_id, version)

    async def start(
        self,
        version: WorkflowVersion,
        outputs: Mapping[str, TriggerValue] | None = None,
        source: TriggerSource = TriggerSource.MANUAL,
    ) -> str:
        """Deploy ``version`` if needed, then start a run with ``outputs`` (default message)."""
        await self.deploy(version)
        values = {"message": "hello"} if outputs is None else outputs
        return await self.runs.start_run(PROJECT, version.workflow_id, source, values)

    async def finish(self, run_id: str) -> RunView:
        await asyncio.wait_for(self.engine.wait_until_finished(run_id), timeout=2)
        return await self.runs.get(PROJECT, run_id)

    def run(self, run_id: str) -> Run:
        return self.db.runs[run_id]

    def execution(self, run_id: str, step_id: str) -> Execution:
        return self.run(run_id).execution_of(step_id)

    @property
    def events(self) -> list[WorkflowDeploymentChanged]:
        return [e for e in self.db.published if isinstance(e, WorkflowDeploymentChanged)]


async def wait_until(condition: Callable[[], bool], *, turns: int = 200) -> None:
    """Let the event loop run until ``condition`` holds (fails after ``turns`` turns)."""
    for _ in range(turns):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("condition never held")
