"""Scheduling rules of a run: readiness, conditions, skips, retries, failures and cancels."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from flowloom.runner.domain.errors import ConditionFailed
from flowloom.runner.domain.execution import Execution, ExecutionState
from flowloom.runner.domain.graph import Upstream, descendants, upstream_of
from flowloom.runner.domain.invocation import (
    Cancelled,
    ExecutionOutcome,
    Failed,
    Succeeded,
    TimedOut,
)
from flowloom.runner.domain.run import Run
from flowloom.runner.domain.values import IoValue, StoredFile, Value, normalized
from flowloom.runner.domain.workflow import Step, WorkflowVersion

RESTARTED = "runner restarted during execution"


Verdict = bool | ConditionFailed  # a condition's value, or why it has none


def advance(
    run: Run, version: WorkflowVersion, verdicts: Mapping[str, Verdict], now: datetime
) -> list[Execution]:
    """Settle every Pending execution whose predecessors are finished; the due executions.

    ``verdicts`` holds the conditions evaluated so far, by execution id: an execution whose
    condition has none stays Pending (``conditions_due`` lists them, to evaluate and advance
    again). Skips follow Airflow's default "all_success" trigger rule: a step runs only when
    every predecessor succeeded, so a step downstream of a skipped step (false condition) is
    skipped too. A step failing for good cancels its descendants (they never start) while
    independent branches run to their end; the run then ends in Error with the first
    failure's message.
    """
    if run.state.finished:
        return []
    upstream = upstream_of(version)
    settled = True
    while settled:
        pending = run.in_state(ExecutionState.PENDING)
        settled = any([_settle(run, version, e, upstream, verdicts, now) for e in pending])
    run.finish_if_done(version, now)
    return [] if run.state.finished else run.due(now)


def conditions_due(
    run: Run, version: WorkflowVersion, verdicts: Mapping[str, Verdict]
) -> list[Execution]:
    """The Pending executions whose condition is to be evaluated now (on ``condition_context``):
    every predecessor succeeded and ``verdicts`` has no value for them yet."""
    if run.state.finished:
        return []
    upstream = upstream_of(version)
    return [
        execution
        for execution in run.in_state(ExecutionState.PENDING)
        if version.step(execution.step_id).when.strip()
        and execution.id not in verdicts
        and _all_succeeded(run, upstream, execution)
    ]


def _all_succeeded(run: Run, upstream: Upstream, execution: Execution) -> bool:
    return all(
        run.execution_of(step_id).state is ExecutionState.SUCCESS
        for step_id in upstream[execution.step_id]
    )


def _settle(
    run: Run,
    version: WorkflowVersion,
    execution: Execution,
    upstream: Upstream,
    verdicts: Mapping[str, Verdict],
    now: datetime,
) -> bool:
    if execution.state is not ExecutionState.PENDING:
        return False  # settled earlier in this pass (canceled by a failing condition)
    predecessors = [run.execution_of(step_id) for step_id in upstream[execution.step_id]]
    if not all(p.state.finished for p in predecessors):
        return False
    for predecessor in predecessors:
        if predecessor.state is ExecutionState.SKIPPED:
            execution.skip(f"step '{predecessor.step_id}' was skipped", now)
            return True
        if not predecessor.state.lets_successors_run:
            execution.cancel(f"step '{predecessor.step_id}' did not succeed", now)
            return True
    step = version.step(execution.step_id)
    if step.when.strip():
        verdict = verdicts.get(execution.id)
        if verdict is None:
            return False  # to evaluate first: see conditions_due
        if isinstance(verdict, ConditionFailed):
            fail_step(
                run, version, execution, f"condition {step.quoted_when}: {verdict.message}", now
            )
            return True
        if not verdict:
            execution.skip(f"condition {step.quoted_when} is false", now)
            return True
    execution.make_ready()
    return True


def condition_context(run: Run) -> dict[str, object]:
    """What a condition sees; a file shows as its name so ``outputs.f != ''`` reads naturally."""
    return {
        "trigger": {"outputs": _plain(run.trigger_outputs)},
        "steps": {
            e.step_id: {"outputs": _plain(e.outputs), "state": str(e.state)} for e in run.executions
        },
    }


def _plain(values: Mapping[str, IoValue]) -> dict[str, object]:
    return {
        name: v.value.name if isinstance(v.value, StoredFile) else v.value
        for name, v in values.items()
    }


def record_outcome(
    run: Run,
    version: WorkflowVersion,
    execution_id: str,
    attempt: int,
    outcome: ExecutionOutcome,
    now: datetime,
) -> bool:
    """Apply an attempt's outcome; False (and no change) when it is stale."""
    execution = run.execution(execution_id)
    running = execution.state is ExecutionState.RUNNING and execution.attempt == attempt
    if run.state.finished or not running:
        return False
    match outcome:
        case Succeeded(outputs=outputs, masked=masked):
            step = version.step(execution.step_id)
            execution.succeed(typed_outputs(step, outputs, masked), now)
        case Failed(message=message, traceback=traceback):
            fail_attempt(run, version, execution, message, now, traceback)
        case TimedOut(after_seconds=seconds):
            fail_attempt(run, version, execution, f"timed out after {seconds:g} s", now)
        case Cancelled(code=code, message=message):
            run.cancel(now, message, code)
    return True


def typed_outputs(
    step: Step, outputs: Mapping[str, Value], masked: frozenset[str] = frozenset()
) -> dict[str, IoValue]:
    """The declared outputs as typed values (``masked`` ones marked secret); undeclared keys
    are ignored."""
    typed: dict[str, IoValue] = {}
    for name, value in outputs.items():
        spec = step.action.output(name)
        if spec is not None:
            typed[name] = IoValue(spec.type, normalized(spec, value), secret=name in masked)
    return typed


def fail_attempt(
    run: Run,
    version: WorkflowVersion,
    execution: Execution,
    message: str,
    now: datetime,
    traceback: str = "",
) -> None:
    """Retry after the backoff while attempts are left; else the step fails for good."""
    retry = version.step(execution.step_id).retry
    if execution.attempt < retry.attempts:
        at = now + retry.delay_after(execution.attempt)
        execution.retry_later(message, at, now, traceback)
    else:
        fail_step(run, version, execution, message, now, traceback)


def fail_step(
    run: Run,
    version: WorkflowVersion,
    execution: Execution,
    message: str,
    now: datetime,
    traceback: str = "",
) -> None:
    """Error for the step, Canceled for every descendant, first failure kept on the run."""
    execution.fail(message, now, traceback)
    run.record_error(execution.step_id, message)
    for step_id in descendants(upstream_of(version), execution.step_id):
        run.execution_of(step_id).cancel(f"step '{execution.step_id}' failed", now)


def take_back_unsent(run: Run, unsent: Callable[[str], bool]) -> None:
    """Running executions whose attempt never reached a wrapper (``unsent`` by id) wait again."""
    for execution in run.in_state(ExecutionState.RUNNING):
        if unsent(execution.id):
            execution.take_back()


def interrupt_running(run: Run, version: WorkflowVersion, now: datetime) -> None:
    """After a restart, a Running execution lost its wrapper: count it as a failed attempt."""
    for execution in run.in_state(ExecutionState.RUNNING):
        fail_attempt(run, version, execution, RESTARTED, now)
