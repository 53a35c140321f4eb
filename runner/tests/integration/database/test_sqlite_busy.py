"""Embedded mode: the runner's SQLite file locked by another process past the busy timeout is an
outage too; the step's outcome waits and is recorded once the lock goes."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from flowloom.runner.application.deployments import DeploymentService
from flowloom.runner.application.engine import ExecutionEngine
from flowloom.runner.application.runs import RunService
from flowloom.runner.application.triggers import TriggerKeeper
from flowloom.runner.domain.run import RunState, TriggerSource
from flowloom.runner.infrastructure.database.mapping import start_mappers
from flowloom.runner.infrastructure.database.migrate import upgrade
from flowloom.runner.infrastructure.system import SystemClock
from flowloom.servicekit.database import engine as database_engine
from flowloom.servicekit.database.errors import database_unavailable
from flowloom.servicekit.outages import OutageRetry
from flowloom.testkit import testing

from ...unit.builders import PROJECT, step, workflow
from ...unit.fake_runtime import FakeDeployer, FakeInvoker, FakeTriggerSupervisor
from ...unit.fakes import FakeClock, FakeConditions, FakeFileStore, FakeIds, FakeSecrets
from .support import Database

pytestmark = pytest.mark.integration


async def test_records_outcome_when_sqlite_file_is_unlocked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database_engine, "BUSY_TIMEOUT", 0.2)  # 30 s in production
    path = tmp_path / "runner.db"
    await upgrade(f"sqlite+aiosqlite:///{path}")
    start_mappers()
    database = Database(database_engine.create_engine(f"sqlite+aiosqlite:///{path}"))
    clock, files, logs = FakeClock(), FakeFileStore(), database.logs()
    invoker = FakeInvoker(clock, logs)
    engine = ExecutionEngine(
        database.uow,
        FakeConditions(),
        FakeSecrets(),
        files,
        FakeDeployer(),
        invoker,
        clock,
        outages=OutageRetry(database_unavailable, SystemClock(), first=0.05, longest=0.2),
    )
    runs = RunService(database.uow, engine, files, logs, clock, FakeIds())
    triggers = TriggerKeeper(FakeDeployer(), FakeTriggerSupervisor())
    deployments = DeploymentService(
        database.uow, triggers, FakeConditions(), clock, FakeIds(), logs
    )
    await deployments.deploy(PROJECT, workflow(step("first"), step("second", needs=["first"])))
    gate = invoker.gate("first")
    try:
        run_id = await runs.start_run(PROJECT, "wf-1", TriggerSource.MANUAL, {"message": "m"})
        await testing.eventually(lambda: bool(invoker.running), within=10)
        locker = sqlite3.connect(path, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")  # another process writing for a long while
        gate.set()
        await asyncio.sleep(1.5)  # several busy timeouts: the outcome waits
        assert [c.step_id for c in invoker.calls] == ["first"]
        locker.execute("ROLLBACK")
        locker.close()
        await asyncio.wait_for(engine.wait_until_finished(run_id), 10)
        run = await runs.get(PROJECT, run_id)
        assert run.state is RunState.COMPLETED
        assert [(c.step_id, c.attempt) for c in invoker.calls] == [("first", 1), ("second", 1)]
    finally:
        await engine.close()
        await database.engine.dispose()
