"""The Run aggregate: one event from a trigger flowing through the DAG, one execution per step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from flowloom.runner.domain.errors import NotFound
from flowloom.runner.domain.execution import Execution, ExecutionState
from flowloom.runner.domain.values import IoValue
from flowloom.runner.domain.workflow import TRIGGER, WorkflowVersion

CANCELED_BY_USER = "canceled by the user"


class RunState(StrEnum):
    RUNNING = "Running"
    COMPLETED = "Completed"
    ERROR = "Error"
    CANCELED = "Canceled"

    @property
    def finished(self) -> bool:
        return self is not RunState.RUNNING


class TriggerSource(StrEnum):
    """What started the run."""

    MANUAL = "manual"
    WEBHOOK = "webhook"
    CRON = "cron"
    SOURCE = "source"


@dataclass
class Run:
    """A run of one workflow version.

    ``error`` is the first failure ("step 'reader' failed: ValueError: bad"), set as soon as a
    step fails for good; the run itself ends only when every execution is finished.
    ``cancel_code`` is the code of a RyaxException that canceled the run (None otherwise).
    """

    id: str
    project_id: str
    workflow_id: str
    workflow_version_id: str
    trigger_source: TriggerSource
    trigger_outputs: dict[str, IoValue]
    created_at: datetime
    executions: list[Execution] = field(default_factory=list)
    state: RunState = RunState.RUNNING
    ended_at: datetime | None = None
    error: str | None = None
    cancel_code: int | None = None
    results: dict[str, IoValue] = field(default_factory=dict)

    @classmethod
    def start(
        cls,
        *,
        id: str,
        project_id: str,
        version: WorkflowVersion,
        trigger_source: TriggerSource,
        trigger_outputs: dict[str, IoValue],
        now: datetime,
        new_id: Callable[[], str],
    ) -> Run:
        """A new run, every execution Pending, in the order of the version's steps."""
        executions = [
            Execution(id=new_id(), run_id=id, step_id=step.id, position=position)
            for position, step in enumerate(version.steps)
        ]
        return cls(
            id=id,
            project_id=project_id,
            workflow_id=version.workflow_id,
            workflow_version_id=version.workflow_version_id,
            trigger_source=trigger_source,
            trigger_outputs=trigger_outputs,
            created_at=now,
            executions=executions,
        )

    def execution(self, execution_id: str) -> Execution:
        for execution in self.executions:
            if execution.id == execution_id:
                return execution
        raise NotFound("execution not found")

    def execution_of(self, step_id: str) -> Execution:
        for execution in self.executions:
            if execution.step_id == step_id:
                return execution
        raise NotFound(f"run has no step '{step_id}'")

    def in_state(self, state: ExecutionState) -> list[Execution]:
        return sorted((e for e in self.executions if e.state is state), key=lambda e: e.position)

    def node_outputs(self, node: str) -> dict[str, IoValue]:
        """The outputs of "trigger" or of a step (empty until the step succeeds)."""
        return self.trigger_outputs if node == TRIGGER else self.execution_of(node).outputs

    def due(self, now: datetime) -> list[Execution]:
        """Executions ready to start an attempt now, in step order."""
        return [e for e in self.in_state(ExecutionState.WAITING) if e.is_due(now)]

    def next_wakeup(self, now: datetime) -> datetime | None:
        """When the earliest retry still in the future is due (None when none waits)."""
        times = [t for e in self.executions if (t := e.next_attempt_at) is not None and t > now]
        return min(times, default=None)

    def record_error(self, step_id: str, message: str) -> None:
        """Keep the first failure as the run's error."""
        if self.error is None:
            self.error = f"step '{step_id}' failed: {message}"

    def cancel(
        self, now: datetime, message: str = CANCELED_BY_USER, code: int | None = None
    ) -> list[str]:
        """Cancel every unfinished execution; the ids of those that were running (to stop)."""
        if self.state.finished:
            return []
        running = [e.id for e in self.executions if e.state is ExecutionState.RUNNING]
        for execution in self.executions:
            execution.cancel(message, now)
        self.state, self.ended_at = RunState.CANCELED, now
        self.error, self.cancel_code = message, code
        return running

    def abort(self, message: str, now: datetime) -> None:
        """End in Error before any step ran (the trigger reported an error)."""
        for execution in self.executions:
            execution.cancel(message, now)
        self.state, self.ended_at, self.error = RunState.ERROR, now, message

    def finish_if_done(self, version: WorkflowVersion, now: datetime) -> bool:
        """Once every execution is finished: Error if a step failed, else Completed + results."""
        if self.state.finished or not all(e.state.finished for e in self.executions):
            return self.state.finished
        failed = any(e.state is ExecutionState.ERROR for e in self.executions)
        self.state = RunState.ERROR if failed else RunState.COMPLETED
        self.ended_at = now
        if not failed:
            self.results = self._results(version)
        return True

    def _results(self, version: WorkflowVersion) -> dict[str, IoValue]:
        results: dict[str, IoValue] = {}
        for result in version.results:
            specs = version.outputs_of(result.ref.node) or ()
            spec = next(s for s in specs if s.name == result.ref.output)
            value = self.node_outputs(result.ref.node).get(result.ref.output)
            results[result.name] = value or IoValue(spec.type, None)
        return results
