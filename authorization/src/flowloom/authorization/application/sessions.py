"""Issuing token pairs and choosing the project a session is scoped to."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from flowloom.authorization.application.policy import AuthPolicy
from flowloom.authorization.application.views import TokenPair
from flowloom.authorization.domain.credentials import ApiKey, RefreshToken
from flowloom.authorization.domain.model import Role, User
from flowloom.authorization.domain.ports import Ids, TokenSigner, UnitOfWork
from flowloom.authorization.domain.signing import AccessClaims

REFRESH_SECRET_BYTES = 32


async def current_project(
    uow: UnitOfWork, user: User, requested: str | None
) -> tuple[str | None, Role | None]:
    """The requested project, else the last used one, else the first membership by name.

    A project qualifies when the user is a member of it, or is an admin and it exists.
    """
    roles = {m.project_id: m.role for m in await uow.memberships.list_for_user(user.id)}
    for candidate in (requested, user.last_project_id):
        if candidate is None:
            continue
        if candidate in roles:
            return candidate, roles[candidate]
        if user.is_admin and await uow.projects.get(candidate) is not None:
            return candidate, None
    projects = await uow.projects.get_many(list(roles))
    if not projects:
        return None, None
    first = min(projects, key=lambda project: project.name)
    return first.id, roles[first.id]


@dataclass(eq=False)
class SessionIssuer:
    """Mints refresh tokens and signed access tokens for the authentication use cases."""

    ids: Ids
    signer: TokenSigner
    policy: AuthPolicy

    async def start(
        self, uow: UnitOfWork, user: User, project_id: str | None, role: Role | None, now: datetime
    ) -> TokenPair:
        """A new token family (a login), remembered as the user's last used project."""
        secret = self.ids.token_urlsafe(REFRESH_SECRET_BYTES)
        token = RefreshToken.issue(
            id=self.ids.new_id(),
            user_id=user.id,
            secret=secret,
            project_id=project_id,
            now=now,
            ttl=self.policy.refresh_token_ttl,
        )
        await uow.refresh_tokens.add(token)
        user.last_project_id = project_id
        return self._pair(user, project_id, role, now, secret, token.expires_at)

    async def rotate(
        self,
        uow: UnitOfWork,
        token: RefreshToken,
        user: User,
        project: tuple[str | None, Role | None],
        now: datetime,
    ) -> TokenPair:
        """Replace ``token`` by its successor in the same family."""
        project_id, role = project
        secret = self.ids.token_urlsafe(REFRESH_SECRET_BYTES)
        successor = token.rotate(
            id=self.ids.new_id(),
            secret=secret,
            project_id=project_id,
            now=now,
            ttl=self.policy.refresh_token_ttl,
        )
        await uow.refresh_tokens.add(successor)
        return self._pair(user, project_id, role, now, secret, successor.expires_at)

    def access_only(self, user: User, key: ApiKey, role: Role | None, now: datetime) -> TokenPair:
        """An access token alone for an API key, naming it and never outliving it."""
        claims = replace(self.claims(user, key.project_id, role, now), api_key_id=key.id)
        if key.expires_at is not None and key.expires_at < claims.expires_at:
            claims = replace(claims, expires_at=key.expires_at)
        return TokenPair(claims, self.signer.sign(claims), None, None)

    def claims(
        self, user: User, project_id: str | None, role: Role | None, now: datetime
    ) -> AccessClaims:
        return AccessClaims(
            sub=user.id,
            username=user.username,
            is_admin=user.is_admin,
            project_id=project_id,
            role=role,
            issued_at=now,
            expires_at=now + self.policy.access_token_ttl,
            jti=self.ids.new_id(),
        )

    def _pair(
        self,
        user: User,
        project_id: str | None,
        role: Role | None,
        now: datetime,
        secret: str,
        refresh_expires_at: datetime,
    ) -> TokenPair:
        claims = self.claims(user, project_id, role, now)
        return TokenPair(claims, self.signer.sign(claims), secret, refresh_expires_at)
