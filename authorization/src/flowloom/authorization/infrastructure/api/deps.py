"""Annotated dependencies: the container's services and the calling actor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Query, Request

from flowloom.authorization.application.access import Actor
from flowloom.authorization.application.api_keys import ApiKeyService
from flowloom.authorization.application.authentication import AuthenticationService
from flowloom.authorization.application.lockouts import LockoutService
from flowloom.authorization.application.projects import ProjectService
from flowloom.authorization.application.users import UserService
from flowloom.authorization.domain.model import Role
from flowloom.servicekit.tokens import TokenClaims, TokenVerifier
from flowloom.servicekit.web.app import provided
from flowloom.servicekit.web.bearer import bearer_claims
from flowloom.servicekit.web.callers import Cursor as Cursor  # the routers' alias

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


async def _client_address(request: Request) -> str:
    return container(request).client_addresses().of(request)


CurrentActor = Annotated[Actor, Depends(current_actor)]
Authentication = Annotated[
    AuthenticationService, Depends(provided(lambda r: container(r).authentication()))
]
Users = Annotated[UserService, Depends(provided(lambda r: container(r).users()))]
Projects = Annotated[ProjectService, Depends(provided(lambda r: container(r).projects()))]
ApiKeys = Annotated[ApiKeyService, Depends(provided(lambda r: container(r).api_keys()))]
Lockouts = Annotated[LockoutService, Depends(provided(lambda r: container(r).lockouts()))]
ClientAddress = Annotated[str, Depends(_client_address)]
Limit = Annotated[int, Query(ge=1, le=200, description="Page size.")]
