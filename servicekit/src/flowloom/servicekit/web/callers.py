"""Who calls a project's API: the `Caller` from a verified token, the `Role` vocabulary and
the FastAPI dependencies that admit a role or answer 403 naming what it may not do."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import HTTPException, Query, Request

from flowloom.servicekit.tokens import TokenClaims, TokenVerifier
from flowloom.servicekit.web.bearer import bearer_claims


class Role(StrEnum):
    """A user's role in one project, as the authorization service grants it (its domain
    `Role` has the same values; a test there keeps them equal). Platform admins stand above
    every role."""

    OWNER = "owner"
    DEVELOPER = "developer"
    OPERATOR = "operator"
    VIEWER = "viewer"


READ = frozenset(Role)
"""Every role may read its project."""
EDIT = frozenset({Role.OWNER, Role.DEVELOPER})
"""Change what a project is made of: sources, workflows, variables, secrets."""
OPERATE = frozenset({Role.OWNER, Role.DEVELOPER, Role.OPERATOR})
"""Run what exists: deploy and undeploy, start and cancel runs."""


@dataclass(frozen=True, slots=True)
class Caller:
    """The caller of a project's API: the project its token is for and its verified claims."""

    project_id: str
    claims: TokenClaims

    @property
    def user_id(self) -> str:
        return self.claims.user_id

    @property
    def is_admin(self) -> bool:
        return self.claims.is_admin

    def require(self, roles: frozenset[Role], action: str) -> None:
        """403 naming `action` unless the caller is a platform admin or holds one of `roles`."""
        if not (self.claims.is_admin or self.claims.role in roles):
            raise HTTPException(403, f"your role in this project may not {action}")


def container_verifier(request: Request) -> TokenVerifier:
    """The token verifier of the app's container (the `verifier` of `resources.token_checks`;
    `web.app.service_app` keeps the container in `app.state`)."""
    verifier: TokenVerifier = request.app.state.container.verifier()
    return verifier


def project_caller(
    verifier: Callable[[Request], TokenVerifier] = container_verifier,
) -> Callable[[Request], Awaitable[Caller]]:
    """The dependency answering the `Caller` of a project route: 401 without a valid token,
    403 for a token with no project or a role that may not read it. `verifier` is the app's
    container's unless given."""

    async def dependency(request: Request) -> Caller:
        claims = await bearer_claims(lambda: verifier(request))(request)
        if claims.project_id is None:
            raise HTTPException(403, "the token has no project: switch to a project first")
        found = Caller(claims.project_id, claims)
        found.require(READ, "read it")
        return found

    return dependency


def requiring(
    caller: Callable[[Request], Awaitable[Caller]], roles: frozenset[Role], action: str
) -> Callable[[Request], Awaitable[Caller]]:
    """The dependency answering a `Caller` whose role may do `action` (403 naming it if not)."""

    async def dependency(request: Request) -> Caller:
        found = await caller(request)
        found.require(roles, action)
        return found

    return dependency


Cursor = Annotated[
    str | None,
    Query(
        min_length=1,
        description="`next_cursor` of the previous page (422 for one no page handed out).",
    ),
]
"""The `cursor` query parameter of a paged list."""
