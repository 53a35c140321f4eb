"""Annotated dependencies: the caller's project and role, and the container's services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, HTTPException, Query, Request

from flowloom.runner.application.deployments import DeploymentService
from flowloom.runner.application.runs import RunService
from flowloom.servicekit.tokens import TokenClaims, TokenVerifier
from flowloom.servicekit.web.bearer import bearer_claims

if TYPE_CHECKING:
    from flowloom.runner.container import Container

READ = frozenset({"owner", "developer", "operator", "viewer"})
RUN = frozenset({"owner", "developer", "operator"})


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
    caller = Caller(claims.project_id, claims)
    caller.require(READ, "read it")
    return caller


# Coroutines, not plain functions: FastAPI hands a plain function dependency to a worker
# thread, a round trip that costs more than the lookup on every request.
async def _runs(request: Request) -> RunService:
    return container(request).runs()


async def _deployments(request: Request) -> DeploymentService:
    return container(request).deployments()


CurrentCaller = Annotated[Caller, Depends(caller)]
Runs = Annotated[RunService, Depends(_runs)]
Deployments = Annotated[DeploymentService, Depends(_deployments)]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page.")]
