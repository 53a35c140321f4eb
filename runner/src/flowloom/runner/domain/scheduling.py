"""Scheduling rules of a run: readiness, conditions, skips, retries, failures and cancels."""

from __future__ import annotations

from collections.abc import Mapping
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
from flowloom.runner.domain.ports import ConditionEvaluator
from flowloom.runner.domain.run import Run
from flowloom.runner.domain.values import IoValue, StoredFile, Value, normalized
from flowloom.runner.domain.workflow import Step, WorkflowVersion

RESTARTED = "runner restarted during execution"


def advance(
    run: Run, version: WorkflowVersion, conditions: ConditionEvaluator, now: datetime
) -> list[Execution]:
    """Settle every Pending execution whose predecessors are finished; the due executions.

    Skips follow Airflow's default "all_success" trigger rule: a step runs only when every
    predecessor succeeded, so a step downstream of a skipped step (false condition) is skipped
    too. A step failing for good cancels its descendants (they never start) while independent
    branches run to their end; the run then ends in Error with the first failure's message.
    """
    if run.state.finished:
        return []
    upstream = upstream_of(version)
    settled = True
    while settled:
        pending = run.in_state(ExecutionState.PENDING)
        settled = any([_settle(run, version, e, upstream, conditions, now) for e in pending])
    run.finish_if_done(version, now)
    return [] if run.state.finished else run.due(now)


def _settle(
    run: Run,
    version: WorkflowVersion,
    execution: Execution,
    upstream: Upstream,
    conditions: ConditionEvaluator,
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
        try:
            holds = conditions.evaluate(step.when, condition_context(run))
        except ConditionFailed as error:
            fail_step(run, version, execution, f"condition {step.when!r}: {error.message}", now)
            return True
        if not holds:
            execution.skip(f"condition {step.when!r} is false", now)
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
        case Succeeded(outputs=outputs):
            execution.succeed(typed_outputs(version.step(execution.step_id), outputs), now)
        case Failed(message=message):
            fail_attempt(run, version, execution, message, now)
        case TimedOut(after_seconds=seconds):
            fail_attempt(run, version, execution, f"timed out after {seconds:g} s", now)
        case Cancelled(code=code, message=message):
            run.cancel(now, message, code)
    return True


def typed_outputs(step: Step, outputs: Mapping[str, Value]) -> dict[str, IoValue]:
    """The declared outputs as typed values; undeclared keys are ignored."""
    typed: dict[str, IoValue] = {}
    for name, value in outputs.items():
        spec = step.action.output(name)
        if spec is not None:
            typed[name] = IoValue(spec.type, normalized(spec, value))
    return typed


def fail_attempt(
    run: Run, version: WorkflowVersion, execution: Execution, message: str, now: datetime
) -> None:
    """Retry after the backoff while attempts are left; else the step fails for good."""
    retry = version.step(execution.step_id).retry
    if execution.attempt < retry.attempts:
        execution.retry_later(message, now + retry.delay_after(execution.attempt))
    else:
        fail_step(run, version, execution, message, now)


def fail_step(
    run: Run, version: WorkflowVersion, execution: Execution, message: str, now: datetime
) -> None:
    """Error for the step, Canceled for every descendant, first failure kept on the run."""
    execution.fail(message, now)
    run.record_error(execution.step_id, message)
    for step_id in descendants(upstream_of(version), execution.step_id):
        run.execution_of(step_id).cancel(f"step '{execution.step_id}' failed", now)


def interrupt_running(run: Run, version: WorkflowVersion, now: datetime) -> None:
    """After a restart, a Running execution lost its wrapper: count it as a failed attempt."""
    for execution in run.in_state(ExecutionState.RUNNING):
        fail_attempt(run, version, execution, RESTARTED, now)
