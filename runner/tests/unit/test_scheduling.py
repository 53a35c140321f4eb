"""Scheduling rules of a run, as pure functions over the Run aggregate."""

from __future__ import annotations

from datetime import datetime, timedelta

from flowloom.runner.domain.errors import ConditionFailed
from flowloom.runner.domain.execution import Execution
from flowloom.runner.domain.execution import ExecutionState as S
from flowloom.runner.domain.invocation import (
    Cancelled,
    ExecutionOutcome,
    Failed,
    Succeeded,
    TimedOut,
)
from flowloom.runner.domain.run import Run, RunState
from flowloom.runner.domain.scheduling import (
    RESTARTED,
    Verdict,
    advance,
    condition_context,
    conditions_due,
    interrupt_running,
    record_outcome,
)
from flowloom.runner.domain.values import IoType, IoValue
from flowloom.runner.domain.workflow import WorkflowVersion

from .builders import NOW, new_run, ref, step, workflow
from .fakes import FakeConditions

CONDITIONS = FakeConditions()


def states(run: Run) -> dict[str, S]:
    return {e.step_id: e.state for e in run.executions}


def settle(run: Run, version: WorkflowVersion, now: datetime = NOW) -> list[Execution]:
    """Advance, evaluating the conditions that come due (as the run scheduler does)."""
    verdicts: dict[str, Verdict] = {}
    due = advance(run, version, verdicts, now)
    while awaiting := conditions_due(run, version, verdicts):
        for execution in awaiting:
            verdicts[execution.id] = verdict(version.step(execution.step_id).when, run)
        due = advance(run, version, verdicts, now)
    return due


def verdict(expression: str, run: Run) -> Verdict:
    try:
        return CONDITIONS.value(expression, condition_context(run))
    except ConditionFailed as error:
        return error


def ready(run: Run, version: WorkflowVersion, now: datetime = NOW) -> list[str]:
    return [e.step_id for e in settle(run, version, now)]


def finish(
    run: Run, version: WorkflowVersion, step_id: str, outcome: ExecutionOutcome, now: datetime = NOW
) -> None:
    """Start the step's next attempt and record its outcome."""
    execution = run.execution_of(step_id)
    execution.start_attempt({}, now)
    assert record_outcome(run, version, execution.id, execution.attempt, outcome, now)
    settle(run, version, now)


def test_makes_only_roots_ready_when_run_starts() -> None:
    version = workflow(step("a"), step("b", needs=["a"]), step("c", {"m": ref("trigger.message")}))
    run = new_run(version)
    assert ready(run, version) == ["a", "c"]
    assert states(run) == {"a": S.WAITING, "b": S.PENDING, "c": S.WAITING}


def test_makes_step_ready_when_every_predecessor_succeeded() -> None:
    version = workflow(step("a"), step("b"), step("c", {"x": ref("a.out")}, needs=["b"]))
    run = new_run(version)
    ready(run, version)
    finish(run, version, "a", Succeeded({"out": "1"}))
    assert run.execution_of("c").state is S.PENDING
    finish(run, version, "b", Succeeded())
    assert ready(run, version) == ["c"]


def test_skips_step_and_descendants_when_condition_is_false() -> None:
    version = workflow(
        step("a", when="false"), step("b", {"x": ref("a.out")}), step("c", needs=["b"]), step("d")
    )
    run = new_run(version)
    assert ready(run, version) == ["d"]
    assert states(run) == {"a": S.SKIPPED, "b": S.SKIPPED, "c": S.SKIPPED, "d": S.WAITING}
    assert run.execution_of("a").message == "condition 'false' is false"
    assert run.execution_of("b").message == "step 'a' was skipped"


def test_runs_step_when_condition_holds_on_upstream_output() -> None:
    version = workflow(step("a"), step("b", when="steps.a.outputs.out == 'yes'", needs=["a"]))
    run = new_run(version)
    ready(run, version)
    finish(run, version, "a", Succeeded({"out": "yes"}))
    assert ready(run, version) == ["b"]


def test_keeps_step_pending_until_its_condition_is_evaluated() -> None:
    version = workflow(step("a"), step("b", when="steps.a.outputs.out == 'yes'", needs=["a"]))
    run = new_run(version)
    ready(run, version)
    execution = run.execution_of("a")
    execution.start_attempt({}, NOW)
    record_outcome(run, version, execution.id, 1, Succeeded({"out": "no"}), NOW)
    assert advance(run, version, {}, NOW) == []
    b = run.execution_of("b")
    assert (b.state, conditions_due(run, version, {})) == (S.PENDING, [b])
    assert conditions_due(run, version, {b.id: False}) == []
    advance(run, version, {b.id: False}, NOW)
    assert (b.state, run.state) == (S.SKIPPED, RunState.COMPLETED)


def test_fails_step_when_condition_cannot_be_evaluated() -> None:
    version = workflow(step("a", when="steps.a.outputs.nope == 1"), step("b", needs=["a"]))
    run = new_run(version)
    assert ready(run, version) == []
    assert states(run) == {"a": S.ERROR, "b": S.CANCELED}
    assert run.state is RunState.ERROR
    assert (
        run.error == "step 'a' failed: condition 'steps.a.outputs.nope == 1': no such key: 'nope'"
    )


def test_waits_with_doubling_backoff_when_attempt_fails_with_attempts_left() -> None:
    version = workflow(step("a", attempts=3, backoff=2))
    run = new_run(version)
    ready(run, version)
    execution = run.execution_of("a")
    finish(run, version, "a", Failed("ValueError: bad"))
    assert (execution.state, execution.attempt) == (S.WAITING, 1)
    assert execution.next_attempt_at == NOW + timedelta(seconds=2)
    assert ready(run, version, NOW + timedelta(seconds=1)) == []
    later = NOW + timedelta(seconds=2)
    assert ready(run, version, later) == ["a"]
    finish(run, version, "a", Failed("ValueError: bad"), later)
    assert execution.next_attempt_at == later + timedelta(seconds=4)
    assert run.next_wakeup(later) == later + timedelta(seconds=4)


def test_reports_timeout_as_failed_attempt_when_execution_times_out() -> None:
    version = workflow(step("a", attempts=2))
    run = new_run(version)
    ready(run, version)
    finish(run, version, "a", TimedOut(5))
    assert run.execution_of("a").state is S.WAITING
    finish(run, version, "a", TimedOut(5))
    assert run.execution_of("a").message == "timed out after 5 s"
    assert run.error == "step 'a' failed: timed out after 5 s"


def test_cancels_descendants_and_lets_branch_finish_when_step_fails_for_good() -> None:
    version = workflow(
        step("a"), step("b", needs=["a"]), step("c", needs=["b"]), step("d"), step("e", needs=["d"])
    )
    run = new_run(version)
    ready(run, version)
    run.execution_of("d").start_attempt({}, NOW)
    finish(run, version, "a", Failed("ValueError: bad"))
    assert states(run) == {
        "a": S.ERROR, "b": S.CANCELED, "c": S.CANCELED, "d": S.RUNNING, "e": S.PENDING
    }  # fmt: skip
    assert run.execution_of("b").message == "step 'a' failed"
    assert (run.state, run.error) == (RunState.RUNNING, "step 'a' failed: ValueError: bad")
    record_outcome(run, version, run.execution_of("d").id, 1, Succeeded(), NOW)
    assert ready(run, version) == ["e"]
    finish(run, version, "e", Succeeded())
    assert run.state is RunState.ERROR
    assert run.ended_at == NOW


def test_cancels_run_with_code_when_action_raises_ryax_exception() -> None:
    version = workflow(step("a"), step("b"), step("c", needs=["a"]))
    run = new_run(version)
    ready(run, version)
    run.execution_of("b").start_attempt({}, NOW)
    finish(run, version, "a", Cancelled(404, "no such customer"))
    assert (run.state, run.cancel_code, run.error) == (RunState.CANCELED, 404, "no such customer")
    assert set(states(run).values()) == {S.CANCELED}


def test_cancels_every_unfinished_execution_when_user_cancels() -> None:
    version = workflow(step("a"), step("b"), step("c", needs=["a"]))
    run = new_run(version)
    ready(run, version)
    finish(run, version, "b", Succeeded())
    run.execution_of("a").start_attempt({}, NOW)
    assert run.cancel(NOW) == [run.execution_of("a").id]
    assert states(run) == {"a": S.CANCELED, "b": S.SUCCESS, "c": S.CANCELED}
    assert (run.state, run.error, run.cancel_code) == (
        RunState.CANCELED,
        "canceled by the user",
        None,
    )
    assert run.cancel(NOW) == []


def test_computes_results_when_run_completes() -> None:
    version = workflow(
        step("a"),
        step("b", when="false"),
        results={"first": "a.out", "skipped": "b.out", "echo": "trigger.message"},
    )
    run = new_run(version)
    ready(run, version)
    assert run.results == {}
    finish(run, version, "a", Succeeded({"out": "A", "extra": "ignored"}))
    assert run.state is RunState.COMPLETED
    assert run.execution_of("a").outputs == {"out": IoValue(IoType.STRING, "A")}
    assert run.results == {
        "first": IoValue(IoType.STRING, "A"),
        "skipped": IoValue(IoType.STRING, None),
        "echo": IoValue(IoType.STRING, "hi"),
    }


def test_completes_at_once_when_workflow_has_no_step() -> None:
    version = workflow(results={"echo": "trigger.message"})
    run = new_run(version)
    assert ready(run, version) == []
    assert run.state is RunState.COMPLETED
    assert run.results["echo"].value == "hi"


def test_ignores_outcome_when_attempt_is_stale() -> None:
    version = workflow(step("a", attempts=2))
    run = new_run(version)
    ready(run, version)
    finish(run, version, "a", Failed("boom"))
    execution = run.execution_of("a")
    assert not record_outcome(run, version, execution.id, 1, Succeeded(), NOW)
    assert execution.state is S.WAITING


def test_counts_restart_as_failed_attempt_when_execution_was_running() -> None:
    version = workflow(step("a", attempts=2), step("b"))
    run = new_run(version)
    ready(run, version)
    for step_id in ("a", "b"):
        run.execution_of(step_id).start_attempt({}, NOW)
    interrupt_running(run, version, NOW)
    assert states(run) == {"a": S.WAITING, "b": S.ERROR}
    assert run.execution_of("a").message == RESTARTED
    assert run.error == f"step 'b' failed: {RESTARTED}"


def test_hides_an_output_and_its_results_when_it_holds_a_masked_value() -> None:
    version = workflow(step("a"), step("b", {"x": ref("a.out")}), results={"first": "a.out"})
    run = new_run(version)
    ready(run, version)
    finish(run, version, "a", Succeeded({"out": "key=s3cr3t"}, masked=frozenset({"out"})))
    hidden = IoValue(IoType.STRING, "key=s3cr3t", secret=True)
    assert run.execution_of("a").outputs == {"out": hidden}
    assert hidden.for_display().value is None
    finish(run, version, "b", Succeeded())
    assert run.results == {"first": hidden}
