"""What the use cases return: read-only views where passwords and secrets are masked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flowloom.runner.domain.deployment import Deployment, TriggerState
from flowloom.runner.domain.errors import ValidationFailed
from flowloom.runner.domain.events import DeploymentState
from flowloom.runner.domain.execution import Attempt, Execution, ExecutionState
from flowloom.runner.domain.run import Run, RunState, TriggerSource
from flowloom.runner.domain.values import IoValue
from flowloom.runner.domain.workflow import ActionArtefact, WorkflowVersion
from flowloom.servicekit.kernel import Page as Page  # re-exported: the views page
from flowloom.servicekit.kernel import copied
from flowloom.servicekit.kernel import page_of as page_of

MAX_PAGE_SIZE = 500


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValidationFailed("limit", f"must be between 1 and {MAX_PAGE_SIZE}")
    return limit


def displayed(values: Mapping[str, IoValue]) -> dict[str, IoValue]:
    return {name: value.for_display() for name, value in values.items()}


@dataclass(frozen=True)
class DeploymentView:
    project_id: str
    workflow_id: str
    workflow_version_id: str
    name: str
    number: int
    state: DeploymentState
    message: str
    webhook_key: str
    updated_at: datetime
    trigger_state: TriggerState | None = None
    trigger_message: str = ""

    @classmethod
    def of(cls, deployment: Deployment, version: WorkflowVersion | None) -> DeploymentView:
        return copied(
            cls,
            deployment,
            name=version.name if version else "",
            number=version.number if version else 0,
        )


@dataclass(frozen=True)
class ExecutionView:
    """An execution; ``artefact`` is what its step ran on (None when the version is gone)."""

    id: str
    step_id: str
    state: ExecutionState
    attempt: int
    inputs: dict[str, IoValue]
    outputs: dict[str, IoValue]
    message: str | None
    started_at: datetime | None
    ended_at: datetime | None
    next_attempt_at: datetime | None
    attempts: tuple[Attempt, ...] = ()
    artefact: ActionArtefact | None = None

    @classmethod
    def of(cls, execution: Execution, version: WorkflowVersion | None = None) -> ExecutionView:
        return copied(
            cls,
            execution,
            inputs=displayed(execution.inputs),
            outputs=displayed(execution.outputs),
            attempts=tuple(execution.attempts),
            artefact=_artefact_of(version, execution.step_id),
        )


def _artefact_of(version: WorkflowVersion | None, step_id: str) -> ActionArtefact | None:
    """The step's action in its run's version: the pools are keyed by it, so it ran this."""
    step = next((s for s in version.steps if s.id == step_id), None) if version else None
    return step.action if step else None


@dataclass(frozen=True)
class RunView:
    """A run; ``cancel_code`` is set when a RyaxException canceled it (the HTTP status)."""

    id: str
    project_id: str
    workflow_id: str
    workflow_version_id: str
    trigger_source: TriggerSource
    state: RunState
    created_at: datetime
    ended_at: datetime | None
    error: str | None
    cancel_code: int | None
    trigger_outputs: dict[str, IoValue]
    results: dict[str, IoValue]
    executions: list[ExecutionView]

    @classmethod
    def of(cls, run: Run, version: WorkflowVersion | None = None) -> RunView:
        return copied(
            cls,
            run,
            trigger_outputs=displayed(run.trigger_outputs),
            results=displayed(run.results),
            executions=[
                ExecutionView.of(e, version) for e in sorted(run.executions, key=_position)
            ],
        )


def _position(execution: Execution) -> int:
    return execution.position
