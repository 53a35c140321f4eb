"""Annotated dependencies: the caller's project and role, and the container's services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, HTTPException, Query, Request

from flowloom.repository.application.actions import ActionService
from flowloom.repository.application.builds import BuildService
from flowloom.repository.application.scans import ScanService
from flowloom.repository.application.sources import SourceService
from flowloom.servicekit.tokens import TokenClaims, TokenVerifier
from flowloom.servicekit.web.bearer import bearer_claims

if TYPE_CHECKING:
    from flowloom.repository.container import Container

READ = frozenset({"owner", "developer", "operator", "viewer"})
EDIT = frozenset({"owner", "developer"})


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


async def editor(request: Request) -> Caller:
    """A caller who may change sources, scan and build (owner, developer, platform admin)."""
    found = await caller(request)
    found.require(EDIT, "change sources, scans or builds")
    return found


async def _sources(request: Request) -> SourceService:
    return container(request).sources()


async def _scans(request: Request) -> ScanService:
    return container(request).scans()


async def _actions(request: Request) -> ActionService:
    return container(request).actions()


async def _builds(request: Request) -> BuildService:
    return container(request).builds()


CurrentCaller = Annotated[Caller, Depends(caller)]
Editor = Annotated[Caller, Depends(editor)]
Sources = Annotated[SourceService, Depends(_sources)]
Scans = Annotated[ScanService, Depends(_scans)]
Actions = Annotated[ActionService, Depends(_actions)]
Builds = Annotated[BuildService, Depends(_builds)]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page.")]
