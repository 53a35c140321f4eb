"""Response bodies of the runner API (pydantic), built from the application's views."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

from flowloom.runner.application.views import DeploymentView, ExecutionView, RunView
from flowloom.runner.domain.values import IoValue, StoredFile


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ValueOut(Schema):
    type: str
    value: Any = Field(description="null when masked; bytes as base64; files as an object.")
    secret: bool = Field(description="A password or project secret: the value is hidden.")


class FileOut(Schema):
    key: str
    name: str
    size: int | None
    directory: bool


def value_out(value: IoValue) -> ValueOut:
    raw = value.value
    shown: Any = raw
    if isinstance(raw, StoredFile):
        shown = FileOut(key=raw.key, name=raw.name, size=raw.size, directory=raw.directory)
    elif isinstance(raw, bytes):
        shown = base64.b64encode(raw).decode()
    return ValueOut(type=str(value.type), value=shown, secret=value.masked)


def values_out(values: dict[str, IoValue]) -> dict[str, ValueOut]:
    return {name: value_out(value) for name, value in values.items()}


class ExecutionOut(Schema):
    id: str
    step_id: str
    state: str
    attempt: int
    inputs: dict[str, ValueOut]
    outputs: dict[str, ValueOut]
    message: str | None = Field(description="Why the execution failed, was skipped or canceled.")
    started_at: datetime | None
    ended_at: datetime | None
    next_attempt_at: datetime | None = Field(description="When a waiting retry starts.")

    @classmethod
    def of(cls, view: ExecutionView) -> ExecutionOut:
        return cls(
            id=view.id,
            step_id=view.step_id,
            state=str(view.state),
            attempt=view.attempt,
            inputs=values_out(view.inputs),
            outputs=values_out(view.outputs),
            message=view.message,
            started_at=view.started_at,
            ended_at=view.ended_at,
            next_attempt_at=view.next_attempt_at,
        )


class RunSummary(Schema):
    id: str
    workflow_id: str
    workflow_version_id: str
    trigger_source: str
    state: str
    created_at: datetime
    ended_at: datetime | None
    error: str | None


class RunOut(RunSummary):
    cancel_code: int | None = Field(description="HTTP status given by a RyaxException.")
    trigger_outputs: dict[str, ValueOut]
    results: dict[str, ValueOut]
    executions: list[ExecutionOut]

    @classmethod
    def of(cls, view: RunView) -> RunOut:
        return cls(
            **_summary(view),
            cancel_code=view.cancel_code,
            trigger_outputs=values_out(view.trigger_outputs),
            results=values_out(view.results),
            executions=[ExecutionOut.of(e) for e in view.executions],
        )


def _summary(view: RunView) -> dict[str, Any]:
    return {
        "id": view.id,
        "workflow_id": view.workflow_id,
        "workflow_version_id": view.workflow_version_id,
        "trigger_source": str(view.trigger_source),
        "state": str(view.state),
        "created_at": view.created_at,
        "ended_at": view.ended_at,
        "error": view.error,
    }


def run_summary(view: RunView) -> RunSummary:
    return RunSummary(**_summary(view))


class RunPage(Schema):
    items: list[RunSummary]
    next_cursor: str | None


class RunResults(RootModel[dict[str, ValueOut]]):
    """The workflow's named results."""


class RunStarted(Schema):
    run_id: str
    state: str | None = Field(
        None, description="With `wait`: the run's state when answered (Running if still running)."
    )


class WebhookAnswer(Schema):
    """What a webhook answers (documentation: the endpoint writes the JSON itself)."""

    run_id: str
    state: str | None = Field(None, description="With `sync`: the run's state.")
    error: str | None = Field(None, description="With `sync`: why the run failed.")
    results: dict[str, ValueOut] | None = Field(
        None, description="With `sync`, once Completed: the workflow's results."
    )


class LogLineOut(Schema):
    number: int
    stream: str
    line: str
    timestamp: datetime


class LogPage(Schema):
    items: list[LogLineOut]
    next_cursor: str | None = Field(description="Pass as `after`; null: no more lines yet.")


class DeploymentOut(Schema):
    workflow_id: str
    workflow_version_id: str
    name: str
    number: int
    state: str
    message: str = Field(description="For Error: what went wrong and what to do.")
    webhook_path: str = Field(description="POST here to start a run (the key is the secret).")
    updated_at: datetime

    @classmethod
    def of(cls, view: DeploymentView) -> DeploymentOut:
        return cls(
            workflow_id=view.workflow_id,
            workflow_version_id=view.workflow_version_id,
            name=view.name,
            number=view.number,
            state=str(view.state),
            message=view.message,
            webhook_path=f"/api/runner/hooks/{view.workflow_id}/{view.webhook_key}",
            updated_at=view.updated_at,
        )
