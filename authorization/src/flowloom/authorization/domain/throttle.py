"""Slowing down password guessing, per username."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

# Caps the exponent so a long brute-force run cannot overflow the delay arithmetic.
_MAX_DOUBLINGS = 32


@dataclass
class LoginThrottle:
    """Consecutive failed logins of one username (known or not) and the lock they caused."""

    username: str
    failures: int = 0
    locked_until: datetime | None = None

    def retry_after(self, now: datetime) -> int:
        """Whole seconds until the next attempt is allowed; 0 when not locked."""
        if self.locked_until is None or now >= self.locked_until:
            return 0
        return max(1, math.ceil((self.locked_until - now).total_seconds()))

    def register_failure(
        self, now: datetime, *, threshold: int, base_delay: timedelta, max_delay: timedelta
    ) -> None:
        """Count a failure; from the ``threshold``-th on, lock for a doubling, capped delay."""
        self.failures += 1
        if self.failures < threshold:
            return
        doublings = min(self.failures - threshold, _MAX_DOUBLINGS)
        self.locked_until = now + min(max_delay, base_delay * 2**doublings)

    def reset(self) -> None:
        self.failures = 0
        self.locked_until = None
