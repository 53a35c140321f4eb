"""Tunable security settings of the authorization use cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class AuthPolicy:
    """Token lifetimes and login lockout; infrastructure builds it from settings."""

    access_token_ttl: timedelta = timedelta(minutes=15)
    refresh_token_ttl: timedelta = timedelta(days=14)
    # Consecutive failures before the first lock, then the lock doubles per failure up to a cap.
    lockout_threshold: int = 5
    lockout_base_delay: timedelta = timedelta(seconds=1)
    lockout_max_delay: timedelta = timedelta(seconds=300)
