"""API keys: long-lived secrets that scripts exchange for access tokens in one project."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flowloom.authorization.application.access import (
    Actor,
    actor_project_access,
    acts_as_admin,
    load_actor,
)
from flowloom.authorization.application.policy import AuthPolicy
from flowloom.authorization.application.revocation import revoke_tokens
from flowloom.authorization.application.views import (
    ApiKeyView,
    CreatedApiKey,
    Page,
    check_limit,
    page_of,
)
from flowloom.authorization.domain.credentials import (
    API_KEY_PREFIX_LENGTH,
    ApiKey,
    format_api_key,
)
from flowloom.authorization.domain.errors import NotFound
from flowloom.authorization.domain.events import RevocationReason
from flowloom.authorization.domain.ports import Clock, Ids, UnitOfWork

# 6 random bytes are exactly 8 URL-safe characters; 32 bytes (43 characters) for the secret.
_PREFIX_BYTES = 6
_SECRET_BYTES = 32


@dataclass(eq=False)
class ApiKeyService:
    """Create, list and revoke one's API keys (exchange is AuthenticationService's)."""

    uow: Callable[[], UnitOfWork]
    clock: Clock
    ids: Ids
    policy: AuthPolicy = field(default_factory=AuthPolicy)

    async def create(
        self, actor: Actor, project_id: str, name: str, expires_at: datetime | None = None
    ) -> CreatedApiKey:
        """A key for a project the caller belongs to (or any, for admins); NotFound otherwise.

        The returned ``api_key`` is the only copy of the secret: only its hash is stored.
        """
        prefix = self.ids.token_urlsafe(_PREFIX_BYTES)[:API_KEY_PREFIX_LENGTH]
        secret = self.ids.token_urlsafe(_SECRET_BYTES)
        async with self.uow() as uow:
            access = await actor_project_access(uow, actor, project_id)
            key = ApiKey.create(
                id=self.ids.new_id(),
                user_id=access.user.id,
                project_id=project_id,
                name=name,
                prefix=prefix,
                secret=secret,
                now=self.clock.now(),
                expires_at=expires_at,
            )
            await uow.api_keys.add(key)
            await uow.commit()
        return CreatedApiKey(ApiKeyView.of(key), format_api_key(prefix, secret))

    async def list_keys(
        self, actor: Actor, limit: int = 50, after: str | None = None
    ) -> Page[ApiKeyView]:
        """The caller's keys, revoked ones included, oldest first; the cursor is a key id."""
        async with self.uow() as uow:
            user = await load_actor(uow, actor)
            rows = await uow.api_keys.list_for_user(user.id, check_limit(limit) + 1, after)
        page = page_of(rows, limit, lambda key: key.id)
        return Page([ApiKeyView.of(key) for key in page.items], page.next_cursor)

    async def revoke(self, actor: Actor, key_id: str) -> None:
        """One's own key, or anyone's for admins; NotFound otherwise. Idempotent.

        The access tokens exchanged for the key are revoked in every service.
        """
        now = self.clock.now()
        async with self.uow() as uow:
            user = await load_actor(uow, actor)
            key = await uow.api_keys.get(key_id)
            if key is None or (key.user_id != user.id and not acts_as_admin(actor, user)):
                raise NotFound("API key not found")
            if key.revoked_at is None:
                key.revoke(now)
                reason = RevocationReason.API_KEY_REVOKED
                revoke_tokens(uow, reason, now, self.policy, user_id=key.user_id, api_key_id=key.id)
            await uow.commit()
