"""The background task that keeps each replica's signing key current."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from flowloom.authorization.application.signing_keys import SigningKeyService
from flowloom.authorization.infrastructure.security.keys import JwtTokenSigner

log = logging.getLogger(__name__)


class SigningKeyRefresher:
    """Every `period` seconds: drop retired keys and hand the signer the key to sign with
    now, so a rotation made by `flowloom-adm keys rotate signing` (or another replica) takes
    effect without a restart. A failed refresh keeps the current key and is retried."""

    def __init__(self, keys: SigningKeyService, signer: JwtTokenSigner, period: float) -> None:
        self._keys = keys
        self._signer = signer
        self._period = period
        self._task: asyncio.Task[None] | None = None

    async def refresh(self) -> None:
        key = await self._keys.refresh()
        if key.kid != self._signer.kid:
            self._signer.use(key)
            log.info("signing with key %s", key.kid)

    async def start(self) -> None:
        await self.refresh()
        self._task = asyncio.create_task(self._run(), name="signing-key-refresh")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._period)
            try:
                await self.refresh()
            except Exception:  # the database is away, or a key cannot be opened: retry
                log.warning("signing key refresh failed", exc_info=True)
