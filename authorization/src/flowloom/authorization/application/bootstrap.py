"""First start: make sure someone can log in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flowloom.authorization.domain.errors import Conflict
from flowloom.authorization.domain.model import User
from flowloom.authorization.domain.ports import Clock, Ids, PasswordHasher, UnitOfWork

ADMIN_USERNAME = "admin"
# 18 random bytes are exactly 24 URL-safe characters.
_PASSWORD_BYTES = 18
_PASSWORD_LENGTH = 24


@dataclass(eq=False)
class BootstrapService:
    """Creates the first platform admin on an empty user table."""

    uow: Callable[[], UnitOfWork]
    hasher: PasswordHasher
    clock: Clock
    ids: Ids

    async def ensure_admin(self) -> str | None:
        """The generated password of a new ``admin`` user, or None when users already exist.

        Safe when several processes start together: the loser of the race hits the username
        constraint (Conflict) and returns None. The caller shows the password once.
        """
        async with self.uow() as uow:
            if await uow.users.has_any():
                return None
            password = self.ids.token_urlsafe(_PASSWORD_BYTES)[:_PASSWORD_LENGTH]
            admin = User.register(
                id=self.ids.new_id(),
                username=ADMIN_USERNAME,
                password_hash=await self.hasher.hash(password),
                now=self.clock.now(),
                full_name="Administrator",
                is_admin=True,
            )
            try:
                await uow.users.add(admin)
                await uow.commit()
            except Conflict:
                return None
        return password
