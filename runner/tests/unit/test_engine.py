"""Whole workflows run by the engine on fakes: dispatch, parallelism, retries, failures."""

from __future__ import annotations

from datetime import timedelta

from flowloom.runner.application.policy import EnginePolicy
from flowloom.runner.domain.execution import ExecutionState as S
from flowloom.runner.domain.invocation import Cancelled, Failed, Succeeded, TimedOut
from flowloom.runner.domain.run import RunState, TriggerSource
from flowloom.runner.domain.values import IoType, IoValue
from flowloom.runner.domain.workflow import SecretRef

from .builders import PROJECT, WORKFLOW, ref, step, workflow
from .world import World, wait_until


async def test_completes_with_results_when_every_step_succeeds(world: World) -> None:
    version = workflow(
        step("writer", {"text": ref("trigger.message")}),
        step("reader", {"file": ref("writer.out")}),
        results={"content": "reader.out"},
    )
    run = await world.finish(await world.start(version))
    assert run.state is RunState.COMPLETED
    assert [e.state for e in run.executions] == [S.SUCCESS, S.SUCCESS]
    assert run.results == {"content": IoValue(IoType.STRING, "reader-out")}
    reader = world.invoker.attempts("reader")[0].request
    assert reader.inputs == {"file": IoValue(IoType.STRING, "writer-out")}
    assert world.logs.lines[reader.execution_id][0].line == "reader attempt 1"


async def test_starts_independent_steps_together_when_both_are_ready(world: World) -> None:
    gates = [world.invoker.gate("left"), world.invoker.gate("right")]
    run_id = await world.start(
        workflow(step("left"), step("right"), step("join", needs=["left", "right"]))
    )
    await wait_until(lambda: sorted(world.invoker.running.values()) == ["left", "right"])
    assert world.execution(run_id, "join").state is S.PENDING
    for gate in gates:
        gate.set()
    assert (await world.finish(run_id)).state is RunState.COMPLETED


async def test_skips_step_and_downstream_when_condition_is_false(world: World) -> None:
    version = workflow(
        step("check"),
        step("act", when="steps.check.outputs.out == 'go'", needs=["check"]),
        step("report", {"x": ref("act.out")}),
    )
    run = await world.finish(await world.start(version))
    assert [(e.step_id, e.state) for e in run.executions] == [
        ("check", S.SUCCESS),
        ("act", S.SKIPPED),
        ("report", S.SKIPPED),
    ]
    assert run.state is RunState.COMPLETED
    assert [c.step_id for c in world.invoker.calls] == ["check"]


async def test_retries_with_backoff_when_attempts_fail(world: World) -> None:
    world.invoker.script("reader", Failed("OSError: busy"), Failed("OSError: busy"), Succeeded())
    start = world.clock.now()
    run = await world.finish(await world.start(workflow(step("reader", attempts=3, backoff=2))))
    assert run.state is RunState.COMPLETED
    attempts = world.invoker.attempts("reader")
    assert [a.attempt for a in attempts] == [1, 2, 3]
    assert [a.at - start for a in attempts] == [
        timedelta(0),
        timedelta(seconds=2),
        timedelta(seconds=6),
    ]
    assert run.executions[0].attempt == 3


async def test_keeps_every_attempt_with_its_error_and_traceback_when_a_step_is_retried(
    world: World,
) -> None:
    world.invoker.script(
        "reader",
        Failed("OSError: busy", 'Traceback…\n  File "handler.py", line 3\nOSError: busy\n'),
        TimedOut(5),
        Failed("ValueError: bad", 'Traceback…\n  File "handler.py", line 7\nValueError: bad\n'),
    )
    start = world.clock.now()
    run_id = await world.start(workflow(step("reader", attempts=3, backoff=2, timeout=5)))
    run = await world.finish(run_id)
    execution = run.executions[0]
    assert [(a.number, a.state, a.error) for a in execution.attempts] == [
        (1, S.ERROR, "OSError: busy"),
        (2, S.ERROR, "timed out after 5 s"),
        (3, S.ERROR, "ValueError: bad"),
    ]
    assert ["line 3" in a.traceback for a in execution.attempts] == [True, False, False]
    assert "line 7" in execution.attempts[2].traceback
    assert [a.started_at - start for a in execution.attempts] == [
        timedelta(0),
        timedelta(seconds=2),
        timedelta(seconds=6),
    ]
    assert all(a.ended_at is not None for a in execution.attempts)
    lines = await world.runs.logs(PROJECT, run_id, execution.id, attempt=2)
    assert [(line.attempt, line.line) for line in lines.items] == [(2, "reader attempt 2")]


async def test_ends_the_running_attempt_as_canceled_when_the_run_is_canceled(
    world: World,
) -> None:
    world.invoker.gate("reader")
    run_id = await world.start(workflow(step("reader")))
    await wait_until(lambda: world.execution(run_id, "reader").state is S.RUNNING)
    await world.runs.cancel(PROJECT, run_id)
    attempts = world.execution(run_id, "reader").attempts
    assert [(a.number, a.state, a.error is not None) for a in attempts] == [(1, S.CANCELED, True)]


async def test_fails_after_last_attempt_when_execution_keeps_timing_out(world: World) -> None:
    world.invoker.script("slow", TimedOut(5))
    version = workflow(step("slow", attempts=2, timeout=5, time=60), step("after", needs=["slow"]))
    run = await world.finish(await world.start(version))
    assert (run.state, run.error) == (RunState.ERROR, "step 'slow' failed: timed out after 5 s")
    assert [a.request.timeout_seconds for a in world.invoker.attempts("slow")] == [5, 5]
    assert [e.state for e in run.executions] == [S.ERROR, S.CANCELED]


async def test_uses_action_time_as_timeout_when_step_sets_none(world: World) -> None:
    await world.finish(await world.start(workflow(step("a", time=60), step("b"))))
    assert [c.request.timeout_seconds for c in world.invoker.calls] == [60, None]


async def test_stops_descendants_and_ends_in_error_when_step_fails(world: World) -> None:
    world.invoker.script("reader", Failed("ValueError: bad", "Traceback..."))
    gate = world.invoker.gate("side")
    version = workflow(
        step("reader"), step("writer", needs=["reader"]), step("side"), step("tail", needs=["side"])
    )
    run_id = await world.start(version)
    await wait_until(lambda: world.execution(run_id, "reader").state is S.ERROR)
    assert world.run(run_id).state is RunState.RUNNING
    gate.set()
    run = await world.finish(run_id)
    assert (run.state, run.error) == (RunState.ERROR, "step 'reader' failed: ValueError: bad")
    assert {e.step_id: e.state for e in run.executions} == {
        "reader": S.ERROR, "writer": S.CANCELED, "side": S.SUCCESS, "tail": S.SUCCESS
    }  # fmt: skip


async def test_fails_step_instead_of_leaving_it_running_when_the_deployer_breaks(
    world: World,
) -> None:
    world.deployer.crashes["broken"] = BrokenPipeError(32, "Broken pipe")
    run = await world.finish(await world.start(workflow(step("broken"))))
    assert run.state == RunState.ERROR
    assert run.executions[0].state == S.ERROR
    assert (
        run.error == "step 'broken' failed: action 'broken' could not start: [Errno 32] Broken pipe"
    )


async def test_cancels_run_with_code_when_action_raises_ryax_exception(world: World) -> None:
    world.invoker.script("check", Cancelled(403, "not allowed today"))
    world.invoker.gate("other")
    run_id = await world.start(workflow(step("check"), step("other")))
    run = await world.finish(run_id)
    assert (run.state, run.cancel_code, run.error) == (RunState.CANCELED, 403, "not allowed today")
    await wait_until(lambda: world.invoker.cancelled == ["other"])
    assert [e.state for e in run.executions] == [S.CANCELED, S.CANCELED]


async def test_stops_running_executions_when_user_cancels(world: World) -> None:
    world.invoker.gate("long")
    run_id = await world.start(workflow(step("long"), step("next", needs=["long"])))
    await wait_until(lambda: "long" in world.invoker.running.values())
    view = await world.runs.cancel(PROJECT, run_id)
    assert view.state is RunState.CANCELED
    assert [e.state for e in view.executions] == [S.CANCELED, S.CANCELED]
    await wait_until(lambda: world.invoker.cancelled == ["long"] and world.engine.running == 0)
    assert world.deployer.released == world.deployer.ensured


async def test_fails_step_naming_input_when_referenced_output_is_missing(world: World) -> None:
    world.invoker.script("a", Succeeded({}))
    run = await world.finish(await world.start(workflow(step("a"), step("b", {"x": ref("a.out")}))))
    assert run.executions[1].message == "input 'x' has no value: step 'a' gave no output 'out'"
    assert run.error == "step 'b' failed: input 'x' has no value: step 'a' gave no output 'out'"
    assert [c.step_id for c in world.invoker.calls] == ["a"]


async def test_fails_step_naming_secret_when_secret_is_unknown(world: World) -> None:
    run = await world.finish(await world.start(workflow(step("mail", {"pw": SecretRef("smtp")}))))
    assert run.error == (
        "step 'mail' failed: input 'pw' has no value: secret 'smtp' does not exist in the project"
    )


async def test_passes_secret_but_never_stores_it_when_input_is_a_secret(world: World) -> None:
    world.secrets.values[(PROJECT, "smtp")] = "hunter2"
    run_id = await world.start(workflow(step("mail", {"pw": SecretRef("smtp")})))
    await world.finish(run_id)
    assert world.invoker.calls[0].request.inputs["pw"].value == "hunter2"
    assert world.execution(run_id, "mail").inputs["pw"] == IoValue(IoType.STRING, None, secret=True)


async def test_fails_step_when_action_cannot_start(world: World) -> None:
    world.deployer.failures["a"] = "artefact not found"
    run = await world.finish(await world.start(workflow(step("a"))))
    assert run.error == "step 'a' failed: action 'a' could not start: artefact not found"


async def test_respects_limit_and_order_when_many_executions_share_an_action(world: World) -> None:
    world.policy = EnginePolicy(max_concurrent_per_action=2)
    steps = [step(f"s{i}", action_id="shared") for i in range(6)]
    run = await world.finish(await world.start(workflow(*steps)))
    assert run.state is RunState.COMPLETED
    assert max(world.invoker.peak_per_key.values()) == 2
    assert [c.step_id for c in world.invoker.calls] == [f"s{i}" for i in range(6)]


async def test_runs_earlier_run_first_when_limit_is_reached(world: World) -> None:
    world.policy = EnginePolicy(max_concurrent_per_action=1)
    gate = world.invoker.gate("only")
    version = workflow(step("only"))
    first = await world.start(version)
    second = await world.runs.start_run(PROJECT, WORKFLOW, TriggerSource.MANUAL, {"message": "2"})
    await wait_until(lambda: len(world.invoker.calls) == 1)
    assert world.invoker.calls[0].request.run_id == first
    assert world.execution(second, "only").state is S.WAITING
    gate.set()
    await world.finish(second)
    assert [c.request.run_id for c in world.invoker.calls] == [first, second]


async def test_commits_once_per_step_when_steps_of_a_chain_follow_each_other(
    world: World,
) -> None:
    commits = []
    for length in (2, 3):
        steps = [step(f"s{i}", needs=[f"s{i - 1}"] if i else []) for i in range(length)]
        before = world.db.commits
        version = workflow(*steps, workflow_id=f"wf-{length}", version_id=f"v-{length}")
        run = await world.finish(await world.start(version))
        assert run.state is RunState.COMPLETED
        commits.append(world.db.commits - before)
    assert commits[1] - commits[0] == 1  # "s1 ended, s2 started" is one transaction


async def test_records_outcome_alone_when_recording_it_with_next_start_fails(
    world: World,
) -> None:
    world.policy = EnginePolicy(max_concurrent_per_action=1)
    gate = world.invoker.gate("first")
    version = workflow(
        step("first", action_id="shared"), step("then", action_id="shared", needs=["first"])
    )
    run_id = await world.start(version)
    await wait_until(lambda: len(world.invoker.calls) == 1)
    world.db.fail_next_commit = True  # the commit of "first ended, then started" fails
    gate.set()
    run = await world.finish(run_id)  # the outcome alone, then "then" in its own transaction
    assert (run.state, [e.state for e in run.executions]) == (
        RunState.COMPLETED,
        [S.SUCCESS, S.SUCCESS],
    )
    later = await world.runs.start_run(PROJECT, WORKFLOW, TriggerSource.MANUAL, {"message": "2"})
    assert (await world.finish(later)).state is RunState.COMPLETED  # the slot came back


async def test_hands_slot_to_next_step_when_other_runs_wait_for_it(world: World) -> None:
    world.policy = EnginePolicy(max_concurrent_per_action=1)
    gate = world.invoker.gate("first")
    version = workflow(
        step("first", action_id="shared"), step("then", action_id="shared", needs=["first"])
    )
    ahead = await world.start(version)
    behind = await world.runs.start_run(PROJECT, WORKFLOW, TriggerSource.MANUAL, {"message": "2"})
    await wait_until(lambda: len(world.invoker.calls) == 1)
    assert world.execution(behind, "first").state is S.WAITING
    commits = world.db.commits
    gate.set()
    await world.finish(behind)
    order = [(c.request.run_id, c.step_id) for c in world.invoker.calls]
    assert order == [(ahead, "first"), (ahead, "then"), (behind, "first"), (behind, "then")]
    # ahead: "first ended, then started", "then ended"; behind: its first attempt starts in
    # its own transaction (it waited in the queue), then the same two.
    assert world.db.commits - commits == 5
