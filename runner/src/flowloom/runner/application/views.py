"""What the use cases return: read-only views where passwords and secrets are masked."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from flowloom.runner.domain.deployment import Deployment
from flowloom.runner.domain.errors import ValidationFailed
from flowloom.runner.domain.events import DeploymentState
from flowloom.runner.domain.execution import Execution, ExecutionState
from flowloom.runner.domain.run import Run, RunState, TriggerSource
from flowloom.runner.domain.values import IoValue
from flowloom.runner.domain.workflow import WorkflowVersion

T = TypeVar("T")
MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list; pass ``next_cursor`` as ``after`` to get the next (None: last)."""

    items: list[T]
    next_cursor: str | None


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValidationFailed("limit", f"must be between 1 and {MAX_PAGE_SIZE}")
    return limit


def page_of(rows: list[T], limit: int, cursor: Callable[[T], str]) -> Page[T]:
    """Cut rows fetched with ``limit + 1``: the extra row only tells that more exist."""
    items = rows[:limit]
    more = len(rows) > limit
    return Page(items=items, next_cursor=cursor(items[-1]) if more and items else None)


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

    @classmethod
    def of(cls, deployment: Deployment, version: WorkflowVersion | None) -> DeploymentView:
        return cls(
            project_id=deployment.project_id,
            workflow_id=deployment.workflow_id,
            workflow_version_id=deployment.workflow_version_id,
            name=version.name if version else "",
            number=version.number if version else 0,
            state=deployment.state,
            message=deployment.message,
            webhook_key=deployment.webhook_key,
            updated_at=deployment.updated_at,
        )


@dataclass(frozen=True)
class ExecutionView:
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

    @classmethod
    def of(cls, execution: Execution) -> ExecutionView:
        return cls(
            id=execution.id,
            step_id=execution.step_id,
            state=execution.state,
            attempt=execution.attempt,
            inputs=displayed(execution.inputs),
            outputs=displayed(execution.outputs),
            message=execution.message,
            started_at=execution.started_at,
            ended_at=execution.ended_at,
            next_attempt_at=execution.next_attempt_at,
        )


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
    def of(cls, run: Run) -> RunView:
        return cls(
            id=run.id,
            project_id=run.project_id,
            workflow_id=run.workflow_id,
            workflow_version_id=run.workflow_version_id,
            trigger_source=run.trigger_source,
            state=run.state,
            created_at=run.created_at,
            ended_at=run.ended_at,
            error=run.error,
            cancel_code=run.cancel_code,
            trigger_outputs=displayed(run.trigger_outputs),
            results=displayed(run.results),
            executions=[ExecutionView.of(e) for e in sorted(run.executions, key=_position)],
        )


def _position(execution: Execution) -> int:
    return execution.position
