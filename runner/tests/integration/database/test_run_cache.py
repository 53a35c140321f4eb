"""Committed runs and versions kept in memory: never a state the database does not hold."""

from __future__ import annotations

import pytest

from flowloom.runner.domain.execution import ExecutionState
from flowloom.runner.domain.ports import UnitOfWork
from flowloom.runner.domain.run import Run
from flowloom.runner.infrastructure.database.caches import RunCache
from flowloom.runner.infrastructure.database.tables import executions, runs

from .support import NOW, OTHER, PROJECT, Database, at, run, simple_version

pytestmark = pytest.mark.integration


async def stored_run(uow: UnitOfWork, run_id: str = "r-1") -> Run:
    """The run, which the test stored."""
    loaded = await uow.runs.get(run_id)
    assert loaded is not None
    return loaded


async def started(database: Database, run_id: str = "r-1", project_id: str = PROJECT) -> None:
    async with database.uow(cached=True) as uow:
        await uow.runs.add(run(run_id, project_id=project_id, steps=("first", "second")))
        await uow.commit()
    async with database.uow(cached=True) as uow:
        loaded = await stored_run(uow, run_id)
        loaded.executions[0].make_ready()
        loaded.executions[0].start_attempt({}, at(1))
        await uow.commit()


async def test_next_unit_of_work_sees_committed_changes_when_run_is_cached(database: Database):
    await started(database)

    async with database.uow(cached=True) as uow:
        cached = await uow.runs.get("r-1")
    async with database.uow() as uow:
        stored = await uow.runs.get("r-1")

    assert cached == stored
    assert cached is not None
    assert cached.executions[0].state is ExecutionState.RUNNING


async def test_keeps_committed_state_when_changes_are_rolled_back(database: Database):
    await started(database)

    async with database.uow(cached=True) as uow:
        loaded = await stored_run(uow)
        loaded.executions[0].succeed({}, at(2))
        loaded.cancel(at(2))  # never committed
    async with database.uow(cached=True) as uow:
        again = await uow.runs.get("r-1")

    assert again is not None
    assert again.executions[0].state is ExecutionState.RUNNING
    assert again.executions[1].state is ExecutionState.PENDING


async def test_hands_out_copies_when_two_units_of_work_read_one_run(database: Database):
    await started(database)

    async with database.uow(cached=True) as first, database.uow(cached=True) as second:
        one, two = await first.runs.get("r-1"), await second.runs.get("r-1")
        assert one is not None
        assert two is not None
        one.executions[1].cancel("gone", NOW)

        assert two.executions[1].state is ExecutionState.PENDING


async def test_forgets_runs_and_versions_when_project_is_deleted(database: Database):
    await database.seed(versions=((PROJECT, simple_version()),))
    await started(database, "r-1", PROJECT)
    await started(database, "r-2", OTHER)
    async with database.uow(cached=True) as uow:
        assert await uow.versions.get("v-1") is not None
        await uow.runs.delete_for_project(PROJECT)
        await uow.versions.delete_for_project(PROJECT)
        await uow.commit()

    async with database.uow(cached=True) as uow:
        assert await uow.runs.get("r-1") is None
        assert await uow.runs.get("r-2") is not None
        assert await uow.versions.get("v-1") is None


def test_refuses_a_read_begun_before_a_commit_of_the_run():
    cache = RunCache()
    read_at = cache.mark()
    cache.replace(None, run("r-1"))  # committed while the read was under way
    cache.drop(["r-1"])

    assert not cache.offer(run("r-1"), read_at)
    assert cache.offer(run("r-1"), cache.mark())


async def test_counts_rows_once_when_cached_runs_are_saved_again(database: Database):
    await started(database)
    async with database.uow(cached=True) as uow:
        loaded = await stored_run(uow)
        loaded.executions[0].succeed({}, at(2))
        await uow.commit()

    assert await database.count(runs) == 1
    assert await database.count(executions) == 2


async def test_saves_every_changed_execution_when_one_commit_changes_several(database: Database):
    await started(database)
    async with database.uow(cached=True) as uow:
        loaded = await stored_run(uow)
        loaded.executions[0].succeed({}, at(2))
        loaded.executions[1].make_ready()
        loaded.executions[1].start_attempt({}, at(2))
        await uow.commit()

    async with database.uow() as uow:
        stored = await uow.runs.get("r-1")
    assert stored is not None
    assert [e.state for e in stored.executions] == [ExecutionState.SUCCESS, ExecutionState.RUNNING]
    assert stored.executions[1].attempt == 1
