"""The signing key set that every replica shares through the database, and its rotation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flowloom.authorization.application.policy import AuthPolicy
from flowloom.authorization.domain.ports import Clock, Ids, KeyGenerator, UnitOfWork
from flowloom.authorization.domain.signing import SigningKey, signing_key


@dataclass(frozen=True)
class Rotation:
    """A rotation's outcome: the new key, when it starts signing, the keys it replaces and
    when they leave the JWKS."""

    new: SigningKey
    replaced: list[SigningKey]


@dataclass(eq=False)
class SigningKeyService:
    """Guarantees a signing key, publishes the public half of the set (JWKS), rotates keys
    and drops the ones whose tokens have all expired."""

    uow: Callable[[], UnitOfWork]
    generator: KeyGenerator
    clock: Clock
    ids: Ids
    policy: AuthPolicy = field(default_factory=AuthPolicy)

    async def ensure_active_key(self) -> SigningKey:
        """The key to sign with now, created (and stored for all replicas) when there is none.

        Two replicas starting together may both create one; both keys are then published,
        and tokens signed with either verify, so no lock is needed.
        """
        now = self.clock.now()
        async with self.uow() as uow:
            current = signing_key(await uow.signing_keys.list_all(), now)
            if current is not None:
                return current
            key = self._new_key(now, now)
            await uow.signing_keys.add(key)
            await uow.commit()
        return key

    async def refresh(self) -> SigningKey:
        """What each replica runs periodically: drop the keys past their retirement, then
        the key to sign with now (a rotation made elsewhere is picked up here)."""
        await self.drop_retired()
        return await self.ensure_active_key()

    async def rotate(self) -> Rotation:
        """A new key, published now and signing after the publication delay; every older key
        stays published until the tokens it may still sign have expired."""
        now = self.clock.now()
        new = self._new_key(now, now + self.policy.signing_key_publish_delay)
        retire_at = new.signs_from + self.policy.access_token_ttl + self.policy.signing_key_grace
        async with self.uow() as uow:
            replaced = [key for key in await uow.signing_keys.list_all() if key.is_published(now)]
            for key in replaced:
                key.retire_at(retire_at)
            await uow.signing_keys.add(new)
            await uow.commit()
        return Rotation(new, replaced)

    async def drop_retired(self) -> list[str]:
        """Delete the keys past their retirement; their kids."""
        now = self.clock.now()
        async with self.uow() as uow:
            gone = [
                key.kid for key in await uow.signing_keys.list_all() if not key.is_published(now)
            ]
            for kid in gone:
                await uow.signing_keys.delete(kid)
            await uow.commit()
        return gone

    async def keys(self) -> list[SigningKey]:
        """Every stored key, newest first."""
        async with self.uow() as uow:
            return await uow.signing_keys.list_all()

    async def jwks(self) -> dict[str, list[dict[str, str]]]:
        """The JSON Web Key Set: public keys of every key not past its retirement, including a
        new key that does not sign yet."""
        now = self.clock.now()
        async with self.uow() as uow:
            keys = await uow.signing_keys.list_all()
        return {"keys": [dict(key.public_jwk) for key in keys if key.is_published(now)]}

    def _new_key(self, now: datetime, signs_from: datetime) -> SigningKey:
        return self.generator.new_key(self.ids.new_id(), now, signs_from)
