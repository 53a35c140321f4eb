"""Restart recovery: nothing stays Running after the runner comes back."""

from __future__ import annotations

from flowloom.runner.application.policy import EnginePolicy
from flowloom.runner.domain.execution import ExecutionState as S
from flowloom.runner.domain.run import RunState
from flowloom.runner.domain.scheduling import RESTARTED

from .builders import step, workflow
from .world import World, wait_until


async def crash(world: World) -> None:
    """Stop the engine as a killed process would: runs stay Running in the database."""
    await world.engine.close()
    del world.engine  # the next access builds a fresh engine, as a restart does
    world.invoker.gates.clear()


async def test_retries_execution_when_runner_restarted_with_attempts_left(world: World) -> None:
    world.invoker.gate("work")
    run_id = await world.start(workflow(step("work", attempts=2), step("after", needs=["work"])))
    await wait_until(lambda: "work" in world.invoker.running.values())
    await crash(world)
    assert world.execution(run_id, "work").state is S.RUNNING
    assert await world.engine.recover() == 1
    run = await world.finish(run_id)
    assert run.state is RunState.COMPLETED
    assert [c.attempt for c in world.invoker.attempts("work")] == [1, 2]
    attempts = run.executions[0].attempts
    assert [(a.number, a.state, a.error) for a in attempts] == [
        (1, S.ERROR, RESTARTED),
        (2, S.SUCCESS, None),
    ]


async def test_fails_execution_when_runner_restarted_on_last_attempt(world: World) -> None:
    world.invoker.gate("work")
    run_id = await world.start(workflow(step("work"), step("after", needs=["work"])))
    await wait_until(lambda: "work" in world.invoker.running.values())
    await crash(world)
    await world.engine.recover()
    run = await world.finish(run_id)
    assert (run.state, run.error) == (RunState.ERROR, f"step 'work' failed: {RESTARTED}")
    assert [e.state for e in run.executions] == [S.ERROR, S.CANCELED]


async def test_resumes_waiting_executions_when_runner_restarted(world: World) -> None:
    world.policy = EnginePolicy(max_concurrent_per_action=1)
    world.invoker.gate("s0")
    run_id = await world.start(workflow(step("s0", action_id="same"), step("s1", action_id="same")))
    await wait_until(lambda: len(world.invoker.calls) == 1)
    await crash(world)
    assert world.execution(run_id, "s1").state is S.WAITING
    await world.engine.recover()
    run = await world.finish(run_id)
    assert run.state is RunState.ERROR  # s0 had one attempt only
    assert [e.state for e in run.executions] == [S.ERROR, S.SUCCESS]
