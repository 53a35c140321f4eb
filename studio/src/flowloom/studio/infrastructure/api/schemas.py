"""Response bodies of the workflow, version, deployment, variable and secret endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from flowloom.servicekit.kernel import copied
from flowloom.servicekit.web.pages import page_body
from flowloom.servicekit.web.shown import Shown
from flowloom.studio.application.views import WorkflowView
from flowloom.studio.domain.deployment import Deployment
from flowloom.studio.domain.problems import Problem
from flowloom.studio.domain.records import (
    Page,
    VariableRecord,
)
from flowloom.studio.domain.version_change import DroppedBinding
from flowloom.studio.infrastructure.api.definition import (
    Scalar,
    Schema,
    StepBody,
    TriggerBody,
)


class ProblemOut(Schema):
    code: str = Field(description="A stable code (studio/README.md lists them).")
    step: str | None = Field(description='A step id, "trigger", or null (the workflow).')
    input: str | None = Field(description="The input concerned, if any.")
    message: str

    @classmethod
    def of(cls, problem: Problem) -> ProblemOut:
        return cls(
            code=problem.code.value, step=problem.step, input=problem.input, message=problem.message
        )


def problems_out(problems: list[Problem]) -> list[ProblemOut]:
    return [ProblemOut.of(problem) for problem in problems]


class DeploymentOut(Schema):
    state: str = Field(description="Deploying, Deployed, Undeploying, Undeployed or Error.")
    version_number: int
    version_id: str
    message: str = Field(description="The runner's explanation (for Error).")
    updated_at: datetime
    changed_since: bool | None = Field(
        None,
        description="true: the workflow, an action it resolves to or a project variable it "
        "reads changed since this version was frozen (variables are read at deploy time, not "
        "at run time), or it is no longer valid: deploy again to apply the change. Given by "
        "`GET /workflows/{id}` and `GET /workflows/{id}/deployment`; null elsewhere.",
    )

    @classmethod
    def of(cls, deployment: Deployment, changed_since: bool | None = None) -> DeploymentOut:
        return copied(cls, deployment, state=deployment.state.value, changed_since=changed_since)

    @classmethod
    def of_optional(
        cls, deployment: Deployment | None, changed_since: bool | None = None
    ) -> DeploymentOut | None:
        """None for a workflow never deployed."""
        return None if deployment is None else cls.of(deployment, changed_since)


class WorkflowSummary(Schema):
    id: str
    name: str
    description: str
    deployment: DeploymentOut | None = Field(description="null: never deployed.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, view: WorkflowView) -> WorkflowSummary:
        record = view.record
        return cls(
            id=record.workflow.id,
            name=record.workflow.name,
            description=record.workflow.description,
            deployment=DeploymentOut.of_optional(view.deployment),
            created_at=record.created_at,
            updated_at=record.updated_at,
        )


class WorkflowOut(WorkflowSummary):
    trigger: TriggerBody | None
    steps: list[StepBody]
    results: dict[str, str] = Field(description='Result name → "node.output".')
    problems: list[ProblemOut] = Field(description="Empty: the workflow can be deployed.")
    next_fire_times: list[datetime] = Field(
        [],
        description="A cron trigger's next five fire times (in its time zone) by the schedule "
        "of this draft, as the runner fires it; empty for another trigger or an invalid "
        "schedule.",
    )

    @classmethod
    def of(cls, view: WorkflowView) -> WorkflowOut:
        workflow = view.record.workflow
        return cls(
            **WorkflowSummary.of(view).model_dump(),
            trigger=TriggerBody.of(workflow.trigger) if workflow.trigger else None,
            steps=[StepBody.of(step) for step in workflow.steps],
            results={name: str(target) for name, target in workflow.results.items()},
            problems=problems_out(view.problems),
            next_fire_times=view.next_fire_times,
        )


class WorkflowPage(Schema):
    items: list[WorkflowSummary]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[WorkflowView]) -> WorkflowPage:
        return page_body(cls, page, WorkflowSummary.of)


class DroppedOut(Schema):
    input: str
    reason: str


class VersionChanged(Schema):
    workflow: WorkflowOut
    dropped: list[DroppedOut] = Field(description="Bindings removed: they no longer fit.")

    @classmethod
    def of(cls, view: WorkflowView, dropped: tuple[DroppedBinding, ...]) -> VersionChanged:
        return cls(
            workflow=WorkflowOut.of(view),
            dropped=[DroppedOut(input=d.input, reason=d.reason) for d in dropped],
        )


class FileOut(Schema, Shown):
    key: str = Field(description='Bind it with {"file": key}.')
    filename: str
    size: int
    media_type: str
    created_at: datetime


class VersionOut(Schema, Shown):
    number: int
    version_id: str
    created_at: datetime


class VersionDetail(VersionOut):
    content: dict[str, Any] = Field(
        description="The frozen version as sent to the runner (studio.v1.WorkflowVersion as "
        "JSON): resolved actions and artefacts, resolved variables, secrets by name."
    )


class VersionPage(Schema):
    items: list[VersionOut]
    next_cursor: str | None


class VariableBody(Schema):
    type: str = Field(description="string, longstring, password, integer, float, boolean, enum.")
    value: Scalar = Field(description="Of the given type.")


class VariableOut(VariableBody):
    name: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, record: VariableRecord) -> VariableOut:
        variable = record.variable
        value = variable.value
        return cls(
            name=variable.name, type=variable.type.value,
            value=value if not isinstance(value, bytes) else None,
            created_at=record.created_at, updated_at=record.updated_at,
        )  # fmt: skip


class VariablePage(Schema):
    items: list[VariableOut]
    next_cursor: str | None


class SecretBody(Schema):
    value: str = Field(description="Write-only: never answered by any endpoint.")


class SecretOut(Schema, Shown):
    name: str
    created_at: datetime
    updated_at: datetime


class SecretPage(Schema):
    items: list[SecretOut]
    next_cursor: str | None
