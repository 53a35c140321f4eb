"""The background task that keeps each replica's signing key current."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

from flowloom.authorization.application.signing_keys import SigningKeyService
from flowloom.authorization.infrastructure.security.keys import JwtTokenSigner

log = logging.getLogger(__name__)


@dataclass(eq=False)
class SigningKeyRefresher:
    """Every `period` seconds: drop retired keys and hand the signer the key to sign with
    now, so a rotation made by `flowloom-adm keys rotate signing` (or another replica) takes
    effect without a restart. A failed refresh keeps the current key and is retried."""

    keys: SigningKeyService
    signer: JwtTokenSigner
    period: float
    task: asyncio.Task[None] | None = field(init=False, default=None)

    async def refresh(self) -> None:
        key = await self.keys.refresh()
        if key.kid != self.signer.kid:
            self.signer.use(key)
            log.info("signing with key %s", key.kid)

    async def start(self) -> None:
        await self.refresh()
        self.task = asyncio.create_task(self._run(), name="signing-key-refresh")

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
            self.task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.period)
            try:
                await self.refresh()
            except Exception:  # the database is away, or a key cannot be opened: retry
                log.warning("signing key refresh failed", exc_info=True)
