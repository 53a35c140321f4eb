"""The real clock and identifiers."""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime

from flowloom.authorization.domain.ports import Clock, Ids


class SystemClock(Clock):
    def now(self) -> datetime:
        return datetime.now(UTC)


class SystemIds(Ids):
    def new_id(self) -> str:
        return str(uuid.uuid4())

    def token_urlsafe(self, nbytes: int) -> str:
        return secrets.token_urlsafe(nbytes)
