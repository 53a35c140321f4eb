"""Ending what credentials opened: refresh tokens here, access tokens in every service."""

from __future__ import annotations

from datetime import datetime

from flowloom.authorization.application.policy import AuthPolicy
from flowloom.authorization.domain.events import RevocationReason, TokensRevoked
from flowloom.authorization.domain.model import User
from flowloom.authorization.domain.ports import PasswordHasher, UnitOfWork


async def end_sessions(
    uow: UnitOfWork, user_id: str, reason: RevocationReason, now: datetime, policy: AuthPolicy
) -> None:
    """Delete the user's refresh tokens and revoke every access token issued until ``now``."""
    await uow.refresh_tokens.delete_for_user(user_id)
    revoke_tokens(uow, reason, now, policy, user_id=user_id)


def revoke_tokens(
    uow: UnitOfWork,
    reason: RevocationReason,
    now: datetime,
    policy: AuthPolicy,
    *,
    user_id: str | None = None,
    project_id: str | None = None,
    api_key_id: str | None = None,
) -> None:
    """Emit the revocation every service applies (`TokensRevoked`) with the change: of the
    tokens issued until ``now`` (a token issued at ``now`` itself still counts), which no
    token it matches outlives by more than the access-token lifetime."""
    revocation = TokensRevoked(
        occurred_at=now,
        reason=reason,
        issued_before=now,
        expires_at=now + policy.access_token_ttl,
        user_id=user_id,
        project_id=project_id,
        api_key_id=api_key_id,
    )
    uow.emit(revocation)


async def replace_password(
    uow: UnitOfWork,
    hasher: PasswordHasher,
    user: User,
    password: str,
    now: datetime,
    policy: AuthPolicy,
) -> None:
    """A new password means the old one may be known: end everything it opened."""
    user.password_hash = await hasher.hash(password)
    await end_sessions(uow, user.id, RevocationReason.PASSWORD_CHANGED, now, policy)
