"""The real clock."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from flowloom.action_builder.domain.ports import Clock


class SystemClock(Clock):
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()
