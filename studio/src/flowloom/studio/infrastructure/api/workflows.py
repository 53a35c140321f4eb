"""Workflows of the project: create, list, show, rename, copy, delete, problems."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import Field

from flowloom.studio.infrastructure.api.definition import Schema
from flowloom.studio.infrastructure.api.deps import (
    PREFIX,
    CurrentCaller,
    Cursor,
    Deployments,
    Editor,
    Limit,
    Workflows,
)
from flowloom.studio.infrastructure.api.schemas import (
    ProblemOut,
    WorkflowOut,
    WorkflowPage,
    problems_out,
)

router = APIRouter(prefix=PREFIX, tags=["workflows"])


class WorkflowCreate(Schema):
    name: str = Field(min_length=1, max_length=255)
    description: str = ""


class WorkflowUpdate(Schema):
    name: str | None = Field(None, min_length=1, max_length=255)
    description: str | None = None


@router.post(
    "/workflows",
    status_code=201,
    summary="Create a workflow",
    description="An empty draft (no trigger yet: its problems say what is missing).",
)
async def create_workflow(
    body: WorkflowCreate, caller: Editor, workflows: Workflows
) -> WorkflowOut:
    return WorkflowOut.of(await workflows.create(caller.project_id, body.name, body.description))


@router.get(
    "/workflows",
    summary="List workflows",
    description="By name, each with its deployment state (null: never deployed).",
)
async def list_workflows(
    caller: CurrentCaller, workflows: Workflows, limit: Limit = 50, cursor: Cursor = None
) -> WorkflowPage:
    return WorkflowPage.of(await workflows.page(caller.project_id, limit, cursor))


@router.get(
    "/workflows/{workflow_id}",
    summary="Show a workflow",
    description="Its definition, its current problems and its deployment (with "
    "`changed_since`: deploy again to apply what changed).",
)
async def get_workflow(
    workflow_id: str, caller: CurrentCaller, workflows: Workflows, deployments: Deployments
) -> WorkflowOut:
    found = WorkflowOut.of(await workflows.get(caller.project_id, workflow_id))
    if found.deployment is not None:
        changed = await deployments.changed_since_deploy(caller.project_id, workflow_id)
        found.deployment.changed_since = changed
    return found


@router.patch(
    "/workflows/{workflow_id}",
    summary="Rename or describe a workflow",
    description="Fields left out stay as they are.",
)
async def update_workflow(
    workflow_id: str, body: WorkflowUpdate, caller: Editor, workflows: Workflows
) -> WorkflowOut:
    view = await workflows.update(caller.project_id, workflow_id, body.name, body.description)
    return WorkflowOut.of(view)


@router.delete(
    "/workflows/{workflow_id}",
    status_code=204,
    summary="Delete a workflow",
    description="With its versions and static files. 409 while deployed: undeploy it first.",
)
async def delete_workflow(workflow_id: str, caller: Editor, workflows: Workflows) -> Response:
    await workflows.delete(caller.project_id, workflow_id)
    return Response(status_code=204)


@router.post(
    "/workflows/{workflow_id}/copy",
    status_code=201,
    summary="Copy a workflow",
    description='A new draft "<name> (copy)" with the same definition and its own copies of '
    "the static files; never deployed.",
)
async def copy_workflow(workflow_id: str, caller: Editor, workflows: Workflows) -> WorkflowOut:
    return WorkflowOut.of(await workflows.copy(caller.project_id, workflow_id))


@router.get(
    "/workflows/{workflow_id}/problems",
    summary="Problems of a workflow",
    description="What to fix before it can be deployed (empty: ready), with stable codes.",
)
async def get_problems(
    workflow_id: str, caller: CurrentCaller, workflows: Workflows
) -> list[ProblemOut]:
    return problems_out(await workflows.problems(caller.project_id, workflow_id))
