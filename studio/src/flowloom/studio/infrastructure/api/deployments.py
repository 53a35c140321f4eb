"""Deploying and undeploying workflows, their frozen versions and deployment state."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from flowloom.servicekit.web.json_guard import INT32_MAX
from flowloom.servicekit.web.pages import page_body
from flowloom.studio.infrastructure.api.deps import (
    PREFIX,
    CurrentCaller,
    Cursor,
    Deployer,
    Deployments,
    Limit,
)
from flowloom.studio.infrastructure.api.schemas import (
    DeploymentOut,
    VersionDetail,
    VersionOut,
    VersionPage,
)

router = APIRouter(prefix=f"{PREFIX}/workflows/{{workflow_id}}", tags=["deployments"])


@router.post(
    "/deploy",
    status_code=202,
    summary="Deploy a workflow",
    description="Freezes a new immutable version (actions resolved to artefacts, variables to "
    "values, secrets kept by name) and asks the runner to deploy it, replacing a deployed "
    "version. When nothing that runs changed since the last version (the description aside), "
    "no version is made: the last one is answered as it is when Deploying or Deployed, and "
    "ordered again otherwise. 422 with `problems` when the workflow is not valid. The state "
    "then follows the runner (Deploying → Deployed or Error).",
)
async def deploy(workflow_id: str, caller: Deployer, deployments: Deployments) -> DeploymentOut:
    return DeploymentOut.of(await deployments.deploy(caller.project_id, workflow_id))


@router.post(
    "/undeploy",
    status_code=202,
    summary="Undeploy a workflow",
    description="Asks the runner to stop the trigger (runs in flight finish). 409 when not "
    "deployed.",
)
async def undeploy(workflow_id: str, caller: Deployer, deployments: Deployments) -> DeploymentOut:
    return DeploymentOut.of(await deployments.undeploy(caller.project_id, workflow_id))


@router.get(
    "/deployment",
    summary="Deployment state",
    description="State, version number, the runner's message and `changed_since` (deploy "
    "again to apply changes of the workflow, its actions or the variables it reads); null "
    "when never deployed.",
)
async def get_deployment(
    workflow_id: str, caller: CurrentCaller, deployments: Deployments
) -> DeploymentOut | None:
    project = caller.project_id
    changed = await deployments.changed_since_deploy(project, workflow_id)
    return DeploymentOut.of_optional(await deployments.deployment(project, workflow_id), changed)


@router.get(
    "/versions",
    summary="List versions",
    description="The frozen versions of the workflow, newest first.",
)
async def list_versions(
    workflow_id: str,
    caller: CurrentCaller,
    deployments: Deployments,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> VersionPage:
    page = await deployments.versions(caller.project_id, workflow_id, limit, cursor)
    return page_body(VersionPage, page, VersionOut.of)


@router.get(
    "/versions/{number}",
    summary="Show a version",
    description="The frozen version exactly as it was sent to the runner.",
)
async def get_version(
    workflow_id: str,
    number: Annotated[int, Path(ge=1, le=INT32_MAX, description="The version's number.")],
    caller: CurrentCaller,
    deployments: Deployments,
) -> VersionDetail:
    version = await deployments.version(caller.project_id, workflow_id, number)
    return VersionDetail.of(version, content=dict(version.document))
