"""Application services end to end on the real database (the action runtime faked)."""

from __future__ import annotations

import asyncio
import json

import pytest

from flowloom.runner.application.deployments import DeploymentService
from flowloom.runner.application.engine import ExecutionEngine
from flowloom.runner.application.projects import ProjectCleanupService
from flowloom.runner.application.runs import RunService
from flowloom.runner.application.triggers import TriggerKeeper
from flowloom.runner.domain.events import DeploymentState
from flowloom.runner.domain.run import RunState, TriggerSource
from flowloom.runner.domain.values import IoType
from flowloom.runner.infrastructure.database.tables import (
    executions,
    log_lines,
    message_tables,
    runs,
    workflow_versions,
)

from ...unit.builders import PROJECT, manual, ref, spec, step, workflow
from ...unit.fake_runtime import FakeDeployer, FakeInvoker, FakeTriggerSupervisor
from ...unit.fakes import FakeClock, FakeConditions, FakeFileStore, FakeIds, FakeSecrets
from .support import Database

pytestmark = pytest.mark.integration


class Services:
    """The runner's services over the database, with the action runtime faked."""

    def __init__(self, database: Database) -> None:
        clock, ids, files = FakeClock(), FakeIds(), FakeFileStore()
        self.logs = database.logs()
        self.invoker = FakeInvoker(clock, self.logs)
        triggers = TriggerKeeper(FakeDeployer(), FakeTriggerSupervisor())
        self.engine = ExecutionEngine(
            database.uow,
            FakeConditions(),
            FakeSecrets(),
            files,
            FakeDeployer(),
            self.invoker,
            clock,
        )
        self.deployments = DeploymentService(
            database.uow, triggers, FakeConditions(), clock, ids, self.logs
        )
        self.runs = RunService(database.uow, self.engine, files, self.logs, clock, ids)
        self.cleanup = ProjectCleanupService(database.uow, triggers, self.engine, self.logs, files)


@pytest.fixture
async def services(database: Database):
    services = Services(database)
    yield services
    await services.engine.close()


VERSION = workflow(
    step("first", {"x": ref("trigger.message")}),
    step("second", {"x": ref("first.out")}),
    trigger=None,
    results={"final": "second.out"},
)


async def test_deploys_and_emits_each_state_when_version_is_deployed(
    database: Database, services: Services
):
    view = await services.deployments.deploy(PROJECT, VERSION)

    assert view.state is DeploymentState.DEPLOYED
    assert await database.count(workflow_versions) == 1
    assert await database.count(message_tables.outbox) == 2
    assert (await services.deployments.by_webhook_key(view.webhook_key)).workflow_id == "wf-1"


async def test_completes_run_with_results_and_logs_when_started(
    database: Database, services: Services
):
    await services.deployments.deploy(PROJECT, VERSION)

    run_id = await services.runs.start_run(
        PROJECT, "wf-1", TriggerSource.MANUAL, {"message": "hello"}
    )
    await asyncio.wait_for(services.engine.wait_until_finished(run_id), timeout=5)

    view = await services.runs.get(PROJECT, run_id)
    assert view.state is RunState.COMPLETED
    assert [e.outputs["out"].value for e in view.executions] == ["first-out", "second-out"]
    assert (await services.runs.results(PROJECT, run_id))["final"].value == "second-out"
    logs = await services.runs.logs(PROJECT, run_id, view.executions[1].id)
    assert [line.line for line in logs.items] == ["second attempt 1"]


async def test_passes_password_to_the_step_but_stores_it_sealed_when_run_starts(
    database: Database, services: Services
):
    guarded = workflow(
        step("login", {"pw": ref("trigger.pw")}, input_specs=[spec("pw", IoType.PASSWORD)]),
        trigger=manual("message", spec("pw", IoType.PASSWORD)),
    )
    await services.deployments.deploy(PROJECT, guarded)

    run_id = await services.runs.start_run(
        PROJECT, "wf-1", TriggerSource.MANUAL, {"message": "m", "pw": "hunter2"}
    )
    await asyncio.wait_for(services.engine.wait_until_finished(run_id), timeout=5)

    [call] = services.invoker.attempts("login")
    assert call.request.inputs["pw"].value == "hunter2"
    stored = [
        await database.column(t, c) for t, c in ((runs, "trigger_outputs"), (executions, "inputs"))
    ]
    assert "hunter2" not in json.dumps(stored)
    view = await services.runs.get(PROJECT, run_id)
    assert view.trigger_outputs["pw"].value is None


async def test_removes_everything_of_the_project_when_it_is_deleted(
    database: Database, services: Services
):
    await services.deployments.deploy(PROJECT, VERSION)
    run_id = await services.runs.start_run(PROJECT, "wf-1", TriggerSource.MANUAL, {"message": "m"})
    await asyncio.wait_for(services.engine.wait_until_finished(run_id), timeout=5)

    await services.cleanup.handle_project_deleted(PROJECT)

    for table in (runs, executions, log_lines, workflow_versions):
        assert await database.count(table) == 0
    assert await services.deployments.deployments(PROJECT) == []
