"""Annotated dependencies: the caller's project and role, and the container's services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, HTTPException, Query, Request

from flowloom.servicekit.tokens import TokenClaims, TokenVerifier
from flowloom.servicekit.web.bearer import bearer_claims
from flowloom.studio.application.actions import ActionStoreService
from flowloom.studio.application.deployments import DeploymentService
from flowloom.studio.application.editing import EditingService
from flowloom.studio.application.transfer import TransferService
from flowloom.studio.application.variables import VariableService
from flowloom.studio.application.workflows import WorkflowService

if TYPE_CHECKING:
    from flowloom.studio.container import Container

PREFIX = "/api/studio"
READ = frozenset({"owner", "developer", "operator", "viewer"})
EDIT = frozenset({"owner", "developer"})
DEPLOY = frozenset({"owner", "developer", "operator"})


@dataclass(frozen=True, slots=True)
class Caller:
    project_id: str
    claims: TokenClaims

    def require(self, roles: frozenset[str], action: str) -> None:
        if not (self.claims.is_admin or self.claims.role in roles):
            raise HTTPException(403, f"your role in this project may not {action}")


def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


def _verifier(request: Request) -> TokenVerifier:
    return container(request).verifier()


async def caller(request: Request) -> Caller:
    claims = await bearer_claims(lambda: _verifier(request))(request)
    if claims.project_id is None:
        raise HTTPException(403, "the token has no project: switch to a project first")
    found = Caller(claims.project_id, claims)
    found.require(READ, "read it")
    return found


async def editor(request: Request) -> Caller:
    found = await caller(request)
    found.require(EDIT, "edit workflows, variables or secrets")
    return found


async def deployer(request: Request) -> Caller:
    found = await caller(request)
    found.require(DEPLOY, "deploy or undeploy workflows")
    return found


CurrentCaller = Annotated[Caller, Depends(caller)]
Editor = Annotated[Caller, Depends(editor)]
Deployer = Annotated[Caller, Depends(deployer)]


async def _actions(request: Request) -> ActionStoreService:
    return container(request).actions()


async def _workflows(request: Request) -> WorkflowService:
    return container(request).workflows()


async def _editing(request: Request) -> EditingService:
    return container(request).editing()


async def _transfer(request: Request) -> TransferService:
    return container(request).transfer()


async def _deployments(request: Request) -> DeploymentService:
    return container(request).deployments()


async def _variables(request: Request) -> VariableService:
    return container(request).variables()


Actions = Annotated[ActionStoreService, Depends(_actions)]
Workflows = Annotated[WorkflowService, Depends(_workflows)]
Editing = Annotated[EditingService, Depends(_editing)]
Transfer = Annotated[TransferService, Depends(_transfer)]
Deployments = Annotated[DeploymentService, Depends(_deployments)]
Variables = Annotated[VariableService, Depends(_variables)]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page.")]
