"""Database outages: the engine waits them out, loses no outcome and leaves nothing stuck."""

from __future__ import annotations

import asyncio
import logging

import pytest

from flowloom.runner.application.policy import EnginePolicy
from flowloom.runner.domain.execution import ExecutionState as S
from flowloom.runner.domain.invocation import Failed, HeldOutcome, Succeeded
from flowloom.runner.domain.run import RunState, TriggerSource
from flowloom.runner.domain.workflow import SecretRef

from .builders import PROJECT, WORKFLOW, step, workflow
from .test_recovery import crash
from .world import World, wait_until


def retried(world: World) -> list[float]:
    """The pauses of the engine's retries (every sleep of the fakes' clock here)."""
    return list(world.clock.sleeps)


async def one_slot_for_two_runs(world: World) -> tuple[asyncio.Event, str, str]:
    """Two runs of an action that runs one execution at a time: ``ahead`` runs, held at the
    returned gate, ``behind`` waits for its slot."""
    world.policy = EnginePolicy(max_concurrent_per_action=1)
    gate = world.invoker.gate("first")
    ahead = await world.start(workflow(step("first", action_id="shared")))
    behind = await world.runs.start_run(PROJECT, WORKFLOW, TriggerSource.MANUAL, {"message": "2"})
    await wait_until(lambda: len(world.invoker.calls) == 1)
    return gate, ahead, behind


async def test_records_outcome_when_database_answers_again(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    gate = world.invoker.gate("work")
    run_id = await world.start(workflow(step("work"), step("after", needs=["work"])))
    await wait_until(lambda: "work" in world.invoker.running.values())
    world.db.down = True
    with caplog.at_level(logging.INFO, "flowloom.servicekit.outages"):
        gate.set()
        await wait_until(lambda: len(world.clock.sleeps) >= 8)
        assert world.execution(run_id, "work").state is S.RUNNING  # not recorded yet
        assert [h.execution_id for h in world.journal.kept] == [world.execution(run_id, "work").id]
        world.db.down = False
        run = await world.finish(run_id)
    assert (run.state, [e.state for e in run.executions]) == (
        RunState.COMPLETED,
        [S.SUCCESS, S.SUCCESS],
    )
    assert [c.step_id for c in world.invoker.calls] == ["work", "after"]  # each ran once
    assert world.journal.kept == []
    levels = [(r.levelname, r.getMessage().split(":")[0]) for r in caplog.records]
    work = world.execution(run_id, "work").id
    assert levels == [("WARNING", f"execution {work}"), ("INFO", f"execution {work}")]


async def test_waits_longer_between_tries_up_to_the_longest_pause(world: World) -> None:
    gate = world.invoker.gate("work")
    run_id = await world.start(workflow(step("work")))
    await wait_until(lambda: "work" in world.invoker.running.values())
    world.db.down = True
    gate.set()
    await wait_until(lambda: len(world.clock.sleeps) >= 9)
    world.db.down = False
    await world.finish(run_id)
    assert retried(world)[:9] == [0.2, 0.4, 0.8, 1.6, 3.2, 5.0, 5.0, 5.0, 5.0]


async def test_starts_waiting_step_when_database_answers_again(world: World) -> None:
    gate, ahead, behind = await one_slot_for_two_runs(world)
    world.db.down = True
    gate.set()  # ahead's outcome waits; its slot goes to behind, whose start waits too
    await wait_until(lambda: len(world.clock.sleeps) >= 10)
    assert world.execution(behind, "first").state is S.WAITING
    world.db.down = False
    assert (await world.finish(ahead)).state is RunState.COMPLETED
    assert (await world.finish(behind)).state is RunState.COMPLETED
    assert [c.attempt for c in world.invoker.calls] == [1, 1]


async def test_runs_next_step_once_when_the_answer_to_its_start_was_lost(world: World) -> None:
    gate = world.invoker.gate("first")
    run_id = await world.start(workflow(step("first"), step("then", needs=["first"])))
    await wait_until(lambda: len(world.invoker.calls) == 1)
    world.db.lost_answers = {world.db.commits + 1}  # "first ended, then started"
    gate.set()
    run = await world.finish(run_id)
    assert run.state is RunState.COMPLETED
    assert [(c.step_id, c.attempt) for c in world.invoker.calls] == [("first", 1), ("then", 1)]
    assert [e.attempt for e in run.executions] == [1, 1]
    # "then" was taken back and started again: one attempt, not a second one left Running
    assert [[(a.number, a.state) for a in e.attempts] for e in run.executions] == [
        [(1, S.SUCCESS)],
        [(1, S.SUCCESS)],
    ]


async def test_runs_step_once_when_the_answer_to_its_start_was_lost(world: World) -> None:
    gate, ahead, behind = await one_slot_for_two_runs(world)
    world.db.lost_answers = {world.db.commits + 2}  # ahead's outcome, then behind's start
    gate.set()
    assert (await world.finish(ahead)).state is RunState.COMPLETED
    assert (await world.finish(behind)).state is RunState.COMPLETED
    assert [(c.request.run_id, c.attempt) for c in world.invoker.calls] == [
        (ahead, 1),
        (behind, 1),
    ]


async def test_runs_new_run_whose_start_commit_lost_its_answer(world: World) -> None:
    version = workflow(step("work"))
    await world.deploy(version)
    world.db.lost_answers = {world.db.commits + 1}
    with pytest.raises(Exception, match="Connect call failed"):  # the caller sees an outage
        await world.runs.start_run(PROJECT, WORKFLOW, TriggerSource.MANUAL, {"message": "m"})
    [run_id] = world.db.runs  # yet the run was stored with its first step Running
    run = await world.finish(run_id)
    assert run.state is RunState.COMPLETED
    assert [(c.step_id, c.attempt) for c in world.invoker.calls] == [("work", 1)]


async def test_wakes_retry_of_failed_step_when_database_answers_again(world: World) -> None:
    world.invoker.script("work", Failed("flaky"), Succeeded({"out": "ok"}))
    version = workflow(step("work", attempts=2, backoff=30))
    run_id = await world.start(version)
    await wait_until(lambda: world.execution(run_id, "work").state is S.WAITING)
    world.db.down = True
    world.clock.advance(seconds=31)  # the retry is due: its timer meets the outage
    await wait_until(lambda: len(world.clock.sleeps) >= 5)
    world.db.down = False
    run = await world.finish(run_id)
    assert run.state is RunState.COMPLETED
    assert [c.attempt for c in world.invoker.calls] == [1, 2]


async def test_records_kept_outcome_when_runner_restarts_during_outage(world: World) -> None:
    gate = world.invoker.gate("work")
    run_id = await world.start(workflow(step("work"), step("after", needs=["work"])))
    await wait_until(lambda: "work" in world.invoker.running.values())
    world.db.down = True
    gate.set()
    await wait_until(lambda: len(world.journal.kept) == 1)
    await crash(world)  # the outcome was never recorded: only the journal has it
    assert world.execution(run_id, "work").state is S.RUNNING
    recovery = asyncio.create_task(world.engine.recover())  # waits for the database
    await wait_until(lambda: len(world.clock.sleeps) >= 5)
    assert not recovery.done()
    world.db.down = False
    assert await recovery == 1
    run = await world.finish(run_id)
    assert (run.state, [e.state for e in run.executions]) == (
        RunState.COMPLETED,
        [S.SUCCESS, S.SUCCESS],
    )
    assert [(c.step_id, c.attempt) for c in world.invoker.calls] == [("work", 1), ("after", 1)]
    assert world.journal.kept == []


async def test_keeps_the_traceback_of_an_outcome_kept_through_a_restart(world: World) -> None:
    world.invoker.script("work", Failed("ValueError: no", "Traceback…\n  line 4\n"))
    gate = world.invoker.gate("work")
    run_id = await world.start(workflow(step("work")))
    await wait_until(lambda: "work" in world.invoker.running.values())
    world.db.down = True
    gate.set()
    await wait_until(lambda: len(world.journal.kept) == 1)
    await crash(world)
    world.db.down = False
    assert await world.engine.recover() == 1
    run = await world.finish(run_id)
    attempt = run.executions[0].attempts[0]
    assert (attempt.state, attempt.error, attempt.traceback) == (
        S.ERROR,
        "ValueError: no",
        "Traceback…\n  line 4\n",
    )


async def test_ignores_kept_outcome_that_was_recorded_before_the_restart(world: World) -> None:
    run_id = await world.start(workflow(step("work")))
    run = await world.finish(run_id)
    work = run.executions[0]
    world.journal.kept.append(HeldOutcome(run_id, work.id, 1, Failed("late copy")))
    await crash(world)
    await world.engine.recover()
    assert world.run(run_id).state is RunState.COMPLETED
    assert world.journal.kept == []


async def test_fails_step_when_its_start_fails_for_another_reason(world: World) -> None:
    async def broken(project_id: str, name: str) -> str | None:
        raise RuntimeError("the secrets table is corrupt")

    world.secrets.resolve = broken  # type: ignore[method-assign]
    version = workflow(step("first"), step("mail", {"pw": SecretRef("smtp")}, needs=["first"]))
    run = await world.finish(await world.start(version))
    assert [e.state for e in run.executions] == [S.SUCCESS, S.ERROR]  # first's outcome kept
    assert run.error == (
        "step 'mail' failed: the runner could not start the step (RuntimeError; the runner's "
        "log has the details)"
    )


async def test_fails_step_when_its_outcome_cannot_be_recorded_for_another_reason(
    world: World,
) -> None:
    gate = world.invoker.gate("first")
    run_id = await world.start(workflow(step("first"), step("then", needs=["first"])))
    await wait_until(lambda: len(world.invoker.calls) == 1)
    world.db.fail_next_commit = 2  # with the next step's start, then alone: not an outage
    gate.set()
    run = await world.finish(run_id)  # never left Running
    assert [e.state for e in run.executions] == [S.ERROR, S.CANCELED]
    assert run.error == (
        "step 'first' failed: the runner could not record the outcome (RuntimeError; the "
        "runner's log has the details)"
    )


async def test_source_run_waits_for_database_and_starts_once(world: World) -> None:
    version = workflow(step("work"))
    await world.deploy(version)
    world.db.down = True
    started = asyncio.create_task(
        world.runs.start_run(
            PROJECT, WORKFLOW, TriggerSource.SOURCE, {"message": "m"}, wait_for_database=True
        )
    )
    await wait_until(lambda: len(world.clock.sleeps) >= 3)
    world.db.down = False
    world.db.lost_answers = {world.db.commits + 1}  # its commit goes through unanswered
    run_id = await started
    assert list(world.db.runs) == [run_id]  # not started twice
    assert (await world.finish(run_id)).state is RunState.COMPLETED


async def test_leaves_running_retry_alone_when_another_step_retries_its_transaction(
    world: World,
) -> None:
    world.invoker.script("flaky", Failed("once"), Succeeded({"out": "ok"}))
    first, other = world.invoker.gate("flaky"), world.invoker.gate("other")
    run_id = await world.start(workflow(step("flaky", attempts=2, backoff=0), step("other")))
    await wait_until(lambda: len(world.invoker.running) == 2)
    first.set()
    retry = world.invoker.gates["flaky"] = asyncio.Event()  # holds the retry in its wrapper
    # flaky's first attempt fails; its retry starts at once in the same transaction, in a
    # new task: the old task's end must not forget that the retry is in hand.
    await wait_until(lambda: len(world.invoker.attempts("flaky")) == 2)
    world.db.lost_answers = {world.db.commits + 1}  # other's outcome: the run's next try
    other.set()
    await wait_until(lambda: world.execution(run_id, "other").state is S.SUCCESS)
    retry.set()
    run = await world.finish(run_id)
    assert run.state is RunState.COMPLETED
    assert [c.attempt for c in world.invoker.attempts("flaky")] == [1, 2]
