"""Argon2id password hashing (argon2-cffi), off the event loop."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from argon2 import PasswordHasher as Argon2Hasher
from argon2.exceptions import InvalidHashError, VerificationError

from flowloom.authorization.domain.ports import PasswordHasher


@dataclass(eq=False)
class Argon2PasswordHasher(PasswordHasher):
    """Hashing costs tens of milliseconds of CPU: it runs in a worker thread."""

    argon2: Argon2Hasher = field(init=False, default_factory=Argon2Hasher)

    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self.argon2.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        return await asyncio.to_thread(self._verify, password_hash, password)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self.argon2.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        try:
            return self.argon2.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True
