"""Annotated dependencies: the container's services and the calling actor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Query, Request

from flowloom.authorization.application.access import Actor
from flowloom.authorization.application.api_keys import ApiKeyService
from flowloom.authorization.application.authentication import AuthenticationService
from flowloom.authorization.application.projects import ProjectService
from flowloom.authorization.application.users import UserService
from flowloom.authorization.domain.model import Role
from flowloom.servicekit.tokens import TokenClaims, TokenVerifier
from flowloom.servicekit.web.bearer import bearer_claims

if TYPE_CHECKING:
    from flowloom.authorization.container import Container


def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


def _verifier(request: Request) -> TokenVerifier:
    return container(request).verifier()


async def current_actor(request: Request) -> Actor:
    claims: TokenClaims = await bearer_claims(lambda: _verifier(request))(request)
    role = Role(claims.role) if claims.role else None
    return Actor(claims.user_id, claims.is_admin, claims.project_id, role)


async def _authentication(request: Request) -> AuthenticationService:
    return container(request).authentication()


async def _users(request: Request) -> UserService:
    return container(request).users()


async def _projects(request: Request) -> ProjectService:
    return container(request).projects()


async def _api_keys(request: Request) -> ApiKeyService:
    return container(request).api_keys()


CurrentActor = Annotated[Actor, Depends(current_actor)]
Authentication = Annotated[AuthenticationService, Depends(_authentication)]
Users = Annotated[UserService, Depends(_users)]
Projects = Annotated[ProjectService, Depends(_projects)]
ApiKeys = Annotated[ApiKeyService, Depends(_api_keys)]
Limit = Annotated[int, Query(ge=1, le=200, description="Page size.")]
Cursor = Annotated[str | None, Query(description="`next_cursor` of the previous page.")]
