"""The real clock and identifiers."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from datetime import UTC, datetime

from flowloom.runner.domain.ports import Clock, Ids


class SystemClock(Clock):
    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class SystemIds(Ids):
    def new_id(self) -> str:
        return str(uuid.uuid4())

    def new_secret(self) -> str:
        return secrets.token_urlsafe(32)
