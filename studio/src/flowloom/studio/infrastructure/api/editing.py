"""Editing a workflow: trigger, steps, bindings, versions, results. Each answer is the
workflow with its problems after the change (validation never refuses an edit)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import Field, field_validator

from flowloom.studio.domain.bindings import Ref
from flowloom.studio.infrastructure.api.definition import (
    BindingBody,
    Schema,
    StepBody,
    StepFields,
    TriggerBody,
    check_reference,
)
from flowloom.studio.infrastructure.api.deps import PREFIX, Editing, Editor
from flowloom.studio.infrastructure.api.schemas import VersionChanged, WorkflowOut

router = APIRouter(prefix=f"{PREFIX}/workflows/{{workflow_id}}", tags=["editing"])
NODE = 'A step id, or "trigger" for the trigger\'s inputs.'


class VersionBody(Schema):
    version: str | None = Field(description="A published version; null: always the newest.")


class ResultsBody(Schema):
    results: dict[str, str] = Field(description='Result name → "node.output".')

    @field_validator("results")
    @classmethod
    def _references(cls, results: dict[str, str]) -> dict[str, str]:
        for text in results.values():
            check_reference(text)
        return results


@router.put(
    "/trigger",
    summary="Set the trigger",
    description="A Source action (with inputs), manual runs or a cron schedule.",
)
async def set_trigger(
    workflow_id: str, body: TriggerBody, caller: Editor, editing: Editing
) -> WorkflowOut:
    return WorkflowOut.of(
        await editing.set_trigger(caller.project_id, workflow_id, body.to_domain())
    )


@router.post(
    "/steps",
    status_code=201,
    summary="Add a step",
    description="Appended to the steps; 409 when its id is taken (or is `trigger`).",
)
async def add_step(
    workflow_id: str, body: StepBody, caller: Editor, editing: Editing
) -> WorkflowOut:
    return WorkflowOut.of(await editing.add_step(caller.project_id, workflow_id, body.to_domain()))


@router.put(
    "/steps/{step_id}",
    summary="Replace a step",
    description="The whole step (action, version, inputs, condition, retry…), same position.",
)
async def replace_step(
    workflow_id: str, step_id: str, body: StepFields, caller: Editor, editing: Editing
) -> WorkflowOut:
    step = body.to_step(step_id)
    return WorkflowOut.of(await editing.replace_step(caller.project_id, workflow_id, step))


@router.delete(
    "/steps/{step_id}",
    summary="Remove a step",
    description="References to it stay and show as problems until fixed.",
)
async def remove_step(
    workflow_id: str, step_id: str, caller: Editor, editing: Editing
) -> WorkflowOut:
    return WorkflowOut.of(await editing.remove_step(caller.project_id, workflow_id, step_id))


@router.put(
    "/steps/{step_id}/inputs/{input_name}",
    summary="Bind an input",
    description=f"{NODE} Body: one of literal, ref, variable, secret, file.",
)
async def bind_input(
    workflow_id: str,
    step_id: str,
    input_name: str,
    body: BindingBody,
    caller: Editor,
    editing: Editing,
) -> WorkflowOut:
    view = await editing.bind(caller.project_id, workflow_id, step_id, input_name, body.to_domain())
    return WorkflowOut.of(view)


@router.delete(
    "/steps/{step_id}/inputs/{input_name}",
    summary="Unbind an input",
    description=f"{NODE} No error when it was not bound.",
)
async def unbind_input(
    workflow_id: str, step_id: str, input_name: str, caller: Editor, editing: Editing
) -> WorkflowOut:
    view = await editing.unbind(caller.project_id, workflow_id, step_id, input_name)
    return WorkflowOut.of(view)


@router.put(
    "/steps/{step_id}/action-version",
    summary="Change the action version of a step",
    description=f"{NODE} Keeps the bindings whose input still exists with the same type and "
    "answers the ones dropped. 404 when the version is not published.",
)
async def change_version(
    workflow_id: str, step_id: str, body: VersionBody, caller: Editor, editing: Editing
) -> VersionChanged:
    view, dropped = await editing.change_version(
        caller.project_id, workflow_id, step_id, body.version
    )
    return VersionChanged.of(view, dropped)


@router.put(
    "/results",
    summary="Set the results",
    description="The named values a run returns, each an output of a step or of the trigger.",
)
async def set_results(
    workflow_id: str, body: ResultsBody, caller: Editor, editing: Editing
) -> WorkflowOut:
    results = {name: Ref.parse(text) for name, text in body.results.items()}
    return WorkflowOut.of(await editing.set_results(caller.project_id, workflow_id, results))
