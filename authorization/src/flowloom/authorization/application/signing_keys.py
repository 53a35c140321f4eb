"""The signing key set that every replica shares through the database."""

from __future__ import annotations

from collections.abc import Callable

from flowloom.authorization.domain.ports import Clock, KeyGenerator, SecretGenerator, UnitOfWork
from flowloom.authorization.domain.signing import SigningKey


class SigningKeyService:
    """Guarantees an active signing key and publishes the public half of the set (JWKS)."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        generator: KeyGenerator,
        clock: Clock,
        secrets: SecretGenerator,
    ) -> None:
        self._uow = uow
        self._generator = generator
        self._clock = clock
        self._secrets = secrets

    async def ensure_active_key(self) -> SigningKey:
        """The newest active key, created (and stored for all replicas) when there is none.

        Two replicas starting together may both create one; both keys are then active and
        published, and tokens signed with either verify, so no lock is needed.
        """
        async with self._uow() as uow:
            active = await uow.signing_keys.list_active()
            if active:
                return active[0]
            key = self._generator.new_key(self._secrets.uuid(), self._clock.now())
            await uow.signing_keys.add(key)
            await uow.commit()
        return key

    async def jwks(self) -> dict[str, list[dict[str, str]]]:
        """The JSON Web Key Set: public keys of every key not retired."""
        async with self._uow() as uow:
            active = await uow.signing_keys.list_active()
        return {"keys": [dict(key.public_jwk) for key in active]}
