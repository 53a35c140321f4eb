"""Authentication use cases: login, refresh, logout, switching project, API-key exchange,
changing one's password."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flowloom.authorization.application.access import (
    Actor,
    acts_as_admin,
    load_actor,
    project_access,
)
from flowloom.authorization.application.policy import AuthPolicy
from flowloom.authorization.application.revocation import replace_password
from flowloom.authorization.application.sessions import SessionIssuer, current_project
from flowloom.authorization.application.throttling import LoginThrottling
from flowloom.authorization.application.views import TokenPair
from flowloom.authorization.domain.credentials import RefreshToken, hash_secret, parse_api_key
from flowloom.authorization.domain.errors import (
    InvalidCredentials,
    InvalidToken,
    NotFound,
    ValidationFailed,
)
from flowloom.authorization.domain.model import User, validate_password
from flowloom.authorization.domain.ports import (
    Clock,
    Ids,
    PasswordHasher,
    TokenSigner,
    UnitOfWork,
)


@dataclass(eq=False)
class AuthenticationService:
    """Turns credentials (password, refresh token, API key) into signed token pairs."""

    uow: Callable[[], UnitOfWork]
    hasher: PasswordHasher
    clock: Clock
    ids: Ids
    signer: TokenSigner
    policy: AuthPolicy = field(default_factory=AuthPolicy)
    sessions: SessionIssuer = field(init=False)
    throttling: LoginThrottling = field(init=False)
    dummy_hash: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.sessions = SessionIssuer(self.ids, self.signer, self.policy)
        self.throttling = LoginThrottling(self.policy)

    async def login(
        self, username: str, password: str, project_id: str | None = None, *, address: str
    ) -> TokenPair:
        """Log in with a password, scoped to ``project_id`` or to a default project.

        ``address`` is the client's: failures lock that username from that address only
        (``LoginThrottling``); TooManyAttempts while locked, before the password is checked.
        """
        username = username.strip().lower()
        if not username:
            raise ValidationFailed("username", "must not be blank")
        now = self.clock.now()
        async with self.uow() as uow:
            attempt = await self.throttling.admit(uow, username, address, now)
            user = await self._check_password(uow, username, password)
            if user is None:
                # The lock runs from the failure, not from the start of the (slow) check.
                failed_at = self.clock.now()
                started = await self.throttling.failed(uow, attempt, failed_at)
                await uow.commit()
                self.throttling.report(started)
                await self.throttling.forget_stale(self.uow, failed_at)
                raise InvalidCredentials()
            await self.throttling.succeeded(uow, attempt)
            if self.hasher.needs_rehash(user.password_hash):
                user.password_hash = await self.hasher.hash(password)
            project, role = await current_project(uow, user, project_id)
            pair = await self.sessions.start(uow, user, project, role, now)
            await uow.commit()
        return pair

    async def refresh(self, refresh_token: str) -> TokenPair:
        """Rotate a refresh token; a reused one revokes its whole family."""
        now = self.clock.now()
        async with self.uow() as uow:
            token = await self._live_token(uow, refresh_token, now)
            user = await uow.users.get(token.user_id)
            if user is None or not user.active:
                raise InvalidToken()
            project = await current_project(uow, user, token.project_id)
            pair = await self.sessions.rotate(uow, token, user, project, now)
            await uow.commit()
        return pair

    async def logout(self, refresh_token: str) -> None:
        """Revoke a refresh token; unknown or already revoked tokens are fine."""
        async with self.uow() as uow:
            token = await uow.refresh_tokens.get_by_hash(hash_secret(refresh_token))
            if token is not None:
                token.revoke(self.clock.now())
                await uow.commit()

    async def switch_project(
        self, actor: Actor, project_id: str, refresh_token: str | None = None
    ) -> TokenPair:
        """A new token pair scoped to ``project_id`` (member or admin, else NotFound).

        The caller's current refresh token, when given, is revoked: the new pair replaces it.
        """
        now = self.clock.now()
        async with self.uow() as uow:
            user = await load_actor(uow, actor)
            access = await project_access(
                uow, user, project_id, is_admin=acts_as_admin(actor, user)
            )
            if refresh_token is not None:
                old = await uow.refresh_tokens.get_by_hash(hash_secret(refresh_token))
                if old is not None and old.user_id == user.id:
                    old.revoke(now)
            pair = await self.sessions.start(uow, user, project_id, access.role, now)
            await uow.commit()
        return pair

    async def change_password(
        self, actor: Actor, old_password: str, new_password: str
    ) -> TokenPair:
        """Needs the current password. Ends every session of the user, refresh and access
        tokens (in every service), and starts a new one for the caller in their project."""
        validate_password(new_password, "new_password")
        now = self.clock.now()
        async with self.uow() as uow:
            user = await load_actor(uow, actor)
            if not await self.hasher.verify(user.password_hash, old_password):
                raise InvalidCredentials("the current password is wrong")
            await replace_password(uow, self.hasher, user, new_password, now, self.policy)
            # Issued at `now`, the revocation's cutoff: tokens strictly before it are revoked.
            project, role = await current_project(uow, user, actor.project_id)
            pair = await self.sessions.start(uow, user, project, role, now)
            await uow.commit()
        return pair

    async def exchange_api_key(self, api_key: str) -> TokenPair:
        """An access token (no refresh token) for the key's project, with the current role."""
        prefix, secret = parse_api_key(api_key)
        now = self.clock.now()
        async with self.uow() as uow:
            key = await uow.api_keys.get_by_prefix(prefix)
            if key is None or not key.accepts(secret, now):
                raise InvalidToken()
            user = await uow.users.get(key.user_id)
            if user is None or not user.active:
                raise InvalidToken()
            try:
                access = await project_access(uow, user, key.project_id, is_admin=user.is_admin)
            except NotFound:
                raise InvalidToken() from None
            key.mark_used(now)
            pair = self.sessions.access_only(user, key, access.role, now)
            await uow.commit()
        return pair

    async def _check_password(self, uow: UnitOfWork, username: str, password: str) -> User | None:
        """The user when the password is right and the account active; None otherwise."""
        user = await uow.users.get_by_username(username)
        if user is None:
            # Spend a real verification anyway: response time must not reveal who exists.
            await self.hasher.verify(await self._dummy(), password)
            return None
        matches = await self.hasher.verify(user.password_hash, password)
        return user if matches and user.active else None

    async def _dummy(self) -> str:
        if self.dummy_hash is None:
            self.dummy_hash = await self.hasher.hash(self.ids.token_urlsafe(16))
        return self.dummy_hash

    async def _live_token(self, uow: UnitOfWork, secret: str, now: datetime) -> RefreshToken:
        """The presented refresh token if usable; reuse of a revoked one burns its family."""
        token = await uow.refresh_tokens.get_by_hash(hash_secret(secret))
        if token is None:
            raise InvalidToken()
        if token.is_revoked:
            # A rotated token came back: someone holds a stolen copy. End the whole session,
            # and commit that before failing, or the rollback would undo it.
            await uow.refresh_tokens.revoke_family(token.family_id, now)
            await uow.commit()
            raise InvalidToken()
        if token.is_expired(now):
            raise InvalidToken()
        return token
