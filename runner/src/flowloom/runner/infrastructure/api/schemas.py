"""Response bodies of the runner API (pydantic), built from the application's views."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

from flowloom.runner.application.views import DeploymentView, ExecutionView, Page, RunView
from flowloom.runner.domain.execution import Attempt
from flowloom.runner.domain.invocation import StoredLogLine
from flowloom.runner.domain.values import IoValue, StoredFile
from flowloom.runner.domain.workflow import ActionArtefact
from flowloom.servicekit.kernel import copied
from flowloom.servicekit.web.pages import page_body


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ValueOut(Schema):
    type: str
    value: Any = Field(description="null when masked; bytes as base64; files as an object.")
    secret: bool = Field(
        description="A password, a project secret or a text holding one: the value is hidden."
    )


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


class AttemptOut(Schema):
    number: int = Field(description="1 for the first attempt, then one more per retry.")
    state: str = Field(description="Running, Success, Error or Canceled.")
    started_at: datetime
    ended_at: datetime | None
    error: str | None = Field(
        description="Why the attempt failed or was canceled (the values of the execution's "
        "passwords and secrets masked as `***`)."
    )
    traceback: str = Field(
        description="The user code's traceback when its handler raised (file and line of "
        "each frame), masked like `error`; empty otherwise."
    )

    @classmethod
    def of(cls, attempt: Attempt) -> AttemptOut:
        return copied(cls, attempt, state=str(attempt.state))


class ArtefactOut(Schema):
    """The built action an execution ran on."""

    action_id: str
    version: str
    reference: str = Field(
        description="Where the artefact lives: the builder's venv archive "
        "(`s3://…/<sha256>.tar.gz`), an image, or an environment on the runner's host."
    )
    digest: str | None = Field(
        description="`sha256:<hex>` of a content-addressed archive; null for other references. "
        "A rebuilt action keeps its version but gets another digest."
    )


def artefact_out(action: ActionArtefact | None) -> ArtefactOut | None:
    if action is None:
        return None
    return ArtefactOut(
        action_id=action.action_id,
        version=action.version,
        reference=action.artefact,
        digest=action.digest,
    )


class ExecutionOut(Schema):
    id: str
    step_id: str
    state: str
    attempt: int = Field(description="Number of the last attempt started (0: none yet).")
    inputs: dict[str, ValueOut]
    outputs: dict[str, ValueOut]
    message: str | None = Field(
        description="Why the execution failed, was skipped or canceled (the values of its "
        "passwords and secrets masked as `***`)."
    )
    started_at: datetime | None
    ended_at: datetime | None
    next_attempt_at: datetime | None = Field(description="When a waiting retry starts.")
    attempts: list[AttemptOut] = Field(
        description="Every attempt started, oldest first (a step retried three times has "
        "three). Executions that ran before attempts were kept show their last one only."
    )
    artefact: ArtefactOut | None = Field(
        description="The artefact the step ran on (that of the run's workflow version: a "
        "redeploy never serves a run from another version's wrappers); null if unknown."
    )

    @classmethod
    def of(cls, view: ExecutionView) -> ExecutionOut:
        return copied(
            cls,
            view,
            state=str(view.state),
            inputs=values_out(view.inputs),
            outputs=values_out(view.outputs),
            attempts=[AttemptOut.of(attempt) for attempt in view.attempts],
            artefact=artefact_out(view.artefact),
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


class ExecutionLogLineOut(LogLineOut):
    attempt: int = Field(description="The attempt of the execution that wrote the line.")


class LogPage(Schema):
    items: list[ExecutionLogLineOut]
    next_cursor: str | None = Field(description="Pass as `after`; null: no more lines yet.")


class TriggerLogPage(Schema):
    items: list[LogLineOut]
    next_cursor: str | None = Field(description="Pass as `after`; null: no more lines yet.")


class TriggerOut(Schema):
    state: str = Field(
        description="`running`; `finished`: a source whose `run` returned (the workflow stays "
        "deployed: manual and webhook runs still start); `failed`: it raised or crashed."
    )
    message: str = Field(description="For `failed`: the trigger's error.")


def log_page(page: Page[StoredLogLine]) -> LogPage:
    """An execution's lines, each with the attempt that wrote it."""
    return page_body(LogPage, page, lambda line: copied(ExecutionLogLineOut, line))


def trigger_log_page(page: Page[StoredLogLine]) -> TriggerLogPage:
    """A deployment trigger's lines."""
    return page_body(TriggerLogPage, page, lambda line: copied(LogLineOut, line))


class DeploymentOut(Schema):
    workflow_id: str
    workflow_version_id: str
    name: str
    number: int
    state: str
    message: str = Field(description="For Error: what went wrong and what to do.")
    webhook_path: str = Field(description="POST here to start a run (the key is the secret).")
    updated_at: datetime
    trigger: TriggerOut | None = Field(
        description="How the trigger does once deployed; null while not deployed."
    )

    @classmethod
    def of(cls, view: DeploymentView) -> DeploymentOut:
        return copied(
            cls,
            view,
            state=str(view.state),
            webhook_path=f"/api/runner/hooks/{view.workflow_id}/{view.webhook_key}",
            trigger=None
            if view.trigger_state is None
            else TriggerOut(state=str(view.trigger_state), message=view.trigger_message),
        )
