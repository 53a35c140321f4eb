"""Runs stored in SQL: always with their executions, tracked, listed like the fakes list them."""

from __future__ import annotations

import json

import pytest

from flowloom.runner.domain.execution import ExecutionState
from flowloom.runner.domain.repositories import RunCursor, RunFilter
from flowloom.runner.domain.run import RunState
from flowloom.runner.domain.values import IoType, IoValue
from flowloom.runner.infrastructure.database.tables import executions, runs

from .support import NOW, OTHER, PROJECT, Database, at, every_value, run

pytestmark = pytest.mark.integration


async def test_round_trips_run_with_executions_and_every_value_when_reloaded(database: Database):
    stored = run("r-1", steps=("first", "second", "third"))
    stored.trigger_outputs = every_value()
    stored.results = {"final": IoValue(IoType.PASSWORD, "hunter2")}
    stored.ended_at, stored.error, stored.cancel_code = at(5), "step 'x' failed: boom", 409
    first = stored.executions[0]
    first.make_ready()
    first.start_attempt(every_value(), at(1))
    first.succeed({"out": IoValue(IoType.BYTES, b"\x00")}, at(2))
    stored.executions[1].make_ready()
    stored.executions[1].start_attempt({}, at(2))
    stored.executions[1].retry_later("flaky", at(3), at(2), "Traceback …\nValueError: flaky\n")
    await database.seed(runs=(stored,))

    async with database.uow() as uow:
        loaded = await uow.runs.get("r-1")
        missing = await uow.runs.get("r-unknown")

    assert loaded == stored
    assert loaded is not None
    assert [e.step_id for e in loaded.executions] == ["first", "second", "third"]
    assert loaded.executions[1].next_attempt_at == at(3)
    assert missing is None


async def test_stores_masked_values_sealed_when_run_is_saved(database: Database):
    stored = run("r-1")
    stored.trigger_outputs = every_value()
    stored.executions[0].make_ready()
    stored.executions[0].start_attempt({"p": IoValue(IoType.PASSWORD, "hunter2")}, NOW)
    await database.seed(runs=(stored,))

    text = json.dumps(
        [
            await database.column(runs, "trigger_outputs"),
            await database.column(executions, "inputs"),
        ]
    )

    assert "hunter2" not in text
    assert "derived" not in text
    assert "text ✓" in text or "text \\u2713" in text


async def test_saves_state_changes_of_run_and_executions_when_committed(database: Database):
    await database.seed(runs=(run("r-1"),))

    async with database.uow() as uow:
        loaded = await uow.runs.get("r-1")
        assert loaded is not None
        assert await uow.runs.get("r-1") is loaded
        first = loaded.execution_of("first")
        first.make_ready()
        first.start_attempt({"x": IoValue(IoType.STRING, "in")}, at(1))
        first.succeed({"out": IoValue(IoType.STRING, "done")}, at(2))
        loaded.execution_of("second").skip("condition is false", at(2))
        loaded.state, loaded.ended_at = RunState.COMPLETED, at(2)
        loaded.results = {"final": IoValue(IoType.STRING, "done")}
        await uow.commit()

    async with database.uow() as uow:
        reloaded = await uow.runs.get("r-1")
    assert reloaded == loaded


async def test_saves_changes_made_after_a_first_commit_when_committed_again(database: Database):
    await database.seed(runs=(run("r-1"),))

    async with database.uow() as uow:
        loaded = await uow.runs.get("r-1")
        assert loaded is not None
        loaded.executions[0].make_ready()
        await uow.commit()
        loaded.executions[0].outputs["late"] = IoValue(IoType.INTEGER, 1)  # changed in place
        loaded.cancel(at(1))
        await uow.commit()

    async with database.uow() as uow:
        reloaded = await uow.runs.get("r-1")
    assert reloaded == loaded
    assert reloaded is not None
    assert reloaded.state is RunState.CANCELED


async def test_discards_changes_when_left_without_commit(database: Database):
    await database.seed(runs=(run("r-1"),))

    async with database.uow() as uow:
        loaded = await uow.runs.get("r-1")
        assert loaded is not None
        loaded.cancel(at(1))
        await uow.runs.add(run("r-2"))

    async with database.uow() as uow:
        reloaded = await uow.runs.get("r-1")
        assert await uow.runs.get("r-2") is None
    assert reloaded is not None
    assert reloaded.state is RunState.RUNNING
    assert loaded.state is RunState.CANCELED


async def test_raises_conflict_when_run_id_repeats(database: Database):
    await database.seed(runs=(run("r-1"),))

    await database.assert_conflict(
        lambda uow: uow.runs.add(run("r-1")), "run with this id already exists"
    )


async def test_pages_runs_newest_first_strictly_after_cursor(database: Database):
    await database.seed(
        runs=(
            run("r-a", created_at=at(1)),
            run("r-b", created_at=at(2)),
            run("r-c", created_at=at(2)),
            run("r-d", created_at=at(3)),
            run("r-other", project_id=OTHER, created_at=at(4)),
        )
    )

    async with database.uow() as uow:
        first = await uow.runs.list_page(PROJECT, RunFilter(), 2, None)
        cursor = RunCursor(first[-1].created_at, first[-1].id)
        rest = await uow.runs.list_page(PROJECT, RunFilter(), 10, cursor)

    assert [r.id for r in first] == ["r-d", "r-c"]
    assert [r.id for r in rest] == ["r-b", "r-a"]
    assert all(len(r.executions) == 2 for r in first + rest)


async def test_lists_only_runs_matching_every_filter(database: Database):
    await database.seed(
        runs=(
            run("r-early", created_at=at(0)),
            run("r-since", created_at=at(1)),
            run("r-done", created_at=at(2), state=RunState.COMPLETED),
            run("r-other-wf", workflow_id="wf-2", created_at=at(2)),
            run("r-until", created_at=at(3)),
        )
    )

    async def ids(filters: RunFilter) -> list[str]:
        async with database.uow() as uow:
            return [r.id for r in await uow.runs.list_page(PROJECT, filters, 10, None)]

    assert await ids(RunFilter(workflow_id="wf-2")) == ["r-other-wf"]
    assert await ids(RunFilter(state=RunState.COMPLETED)) == ["r-done"]
    assert await ids(RunFilter(since=at(1), until=at(3))) == ["r-other-wf", "r-done", "r-since"]
    assert await ids(RunFilter(workflow_id="wf-1", state=RunState.RUNNING, until=at(3))) == [
        "r-since",
        "r-early",
    ]


async def test_lists_unsaved_changes_when_queried_in_the_same_unit_of_work(database: Database):
    await database.seed(runs=(run("r-1"), run("r-2", created_at=at(1))))

    async with database.uow() as uow:
        loaded = await uow.runs.get("r-1")
        assert loaded is not None
        loaded.cancel(at(2))
        canceled = await uow.runs.list_page(PROJECT, RunFilter(state=RunState.CANCELED), 10, None)
        unfinished = await uow.runs.list_unfinished()

    assert canceled == [loaded]
    assert canceled[0] is loaded
    assert [r.id for r in unfinished] == ["r-2"]


async def test_lists_running_runs_oldest_first_when_unfinished_are_asked(database: Database):
    await database.seed(
        runs=(
            run("r-late", created_at=at(3)),
            run("r-done", created_at=at(0), state=RunState.ERROR),
            run("r-other", project_id=OTHER, created_at=at(2)),
            run("r-early", created_at=at(1)),
        )
    )

    async with database.uow() as uow:
        everywhere = await uow.runs.list_unfinished()
        in_project = await uow.runs.list_unfinished(PROJECT)

    assert [r.id for r in everywhere] == ["r-early", "r-other", "r-late"]
    assert [r.id for r in in_project] == ["r-early", "r-late"]
    assert [e.state for e in in_project[0].executions] == [ExecutionState.PENDING] * 2


async def test_deletes_project_runs_with_their_executions_when_asked(database: Database):
    await database.seed(runs=(run("r-1"), run("r-2"), run("r-other", project_id=OTHER)))

    async with database.uow() as uow:
        loaded = await uow.runs.get("r-1")
        await uow.runs.delete_for_project(PROJECT)
        gone = await uow.runs.get("r-1")
        await uow.commit()

    assert loaded is not None
    assert gone is None
    assert await database.column(runs, "id") == ["r-other"]
    assert sorted(await database.column(executions, "run_id")) == ["r-other", "r-other"]
