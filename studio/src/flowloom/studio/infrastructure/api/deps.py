"""Annotated dependencies: the caller's project and role, and the container's services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Query, Request

from flowloom.servicekit.web.app import provided
from flowloom.servicekit.web.callers import (
    EDIT,
    OPERATE,
    Caller,
    project_caller,
    requiring,
)
from flowloom.servicekit.web.callers import Cursor as Cursor  # the routers' alias
from flowloom.studio.application.actions import ActionStoreService
from flowloom.studio.application.deployments import DeploymentService
from flowloom.studio.application.editing import EditingService
from flowloom.studio.application.transfer import TransferService
from flowloom.studio.application.variables import VariableService
from flowloom.studio.application.workflows import WorkflowService
from flowloom.studio.infrastructure.workflow_file.bounded_zip import ZipLimits

if TYPE_CHECKING:
    from flowloom.studio.container import Container

PREFIX = "/api/studio"


def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


caller = project_caller()
editor = requiring(caller, EDIT, "edit workflows, variables or secrets")
deployer = requiring(caller, OPERATE, "deploy or undeploy workflows")


CurrentCaller = Annotated[Caller, Depends(caller)]
Editor = Annotated[Caller, Depends(editor)]
Deployer = Annotated[Caller, Depends(deployer)]


async def _import_limits(request: Request) -> ZipLimits:
    """What an imported zip may hold (a workflow.yaml, alone or in it, is bounded by
    JSON_BODY_BYTES: it is read into memory)."""
    settings = container(request).settings()
    return ZipLimits(
        settings.import_extracted_bytes,
        settings.import_files,
        settings.json_body_bytes,
        settings.env_name("import_extracted_bytes"),
        settings.env_name("import_files"),
        settings.env_name("json_body_bytes"),
    )


Actions = Annotated[ActionStoreService, Depends(provided(lambda r: container(r).actions()))]
Workflows = Annotated[WorkflowService, Depends(provided(lambda r: container(r).workflows()))]
Editing = Annotated[EditingService, Depends(provided(lambda r: container(r).editing()))]
Transfer = Annotated[TransferService, Depends(provided(lambda r: container(r).transfer()))]
Deployments = Annotated[DeploymentService, Depends(provided(lambda r: container(r).deployments()))]
Variables = Annotated[VariableService, Depends(provided(lambda r: container(r).variables()))]
ImportLimits = Annotated[ZipLimits, Depends(_import_limits)]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
