"""Slowing down password guessing, per username and client address, and per client address."""

from __future__ import annotations

import hashlib
import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

# Caps the exponent so a long brute-force run cannot overflow the delay arithmetic.
_MAX_DOUBLINGS = 32
# The username of an address's own counter, over every username (no username is empty).
EVERY_USERNAME = ""
# An IPv6 client usually holds a whole /64: rotating addresses inside it must gain nothing.
_IPV6_PREFIX = 64
# No username is longer; capping the key keeps junk input from bloating the table.
_MAX_USERNAME = 65


@dataclass(frozen=True)
class LockoutRule:
    """From the ``threshold``-th failure on, a lock of ``base_delay`` that doubles with each
    further failure, at most ``max_delay``. A counter with no failure and no lock for
    ``forget_after`` is forgotten. A threshold of 0 turns the rule off."""

    threshold: int
    base_delay: timedelta = timedelta(seconds=1)
    max_delay: timedelta = timedelta(seconds=300)
    forget_after: timedelta = timedelta(hours=1)

    @property
    def enabled(self) -> bool:
        return self.threshold > 0

    def delay(self, failures: int) -> timedelta | None:
        """How long ``failures`` failures in a row lock; None below the threshold."""
        if not self.enabled or failures < self.threshold:
            return None
        doublings = min(failures - self.threshold, _MAX_DOUBLINGS)
        delay: timedelta = self.base_delay * 2**doublings
        return min(self.max_delay, delay)


def throttled_address(address: str) -> str:
    """What is counted of a client address: an IPv4 address (or an IPv4-mapped IPv6 one)
    whole, an IPv6 address by its /64 network; anything else as given."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, _IPV6_PREFIX), strict=False))
    return str(parsed)


def throttle_id(username: str, address: str) -> str:
    """The stable id of the counter of (``username``, ``address``): one row per pair."""
    key = f"{username[:_MAX_USERNAME]}\n{address}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


@dataclass
class LoginThrottle:
    """Failed logins in a row of one username (known or not) from one client address — or,
    with ``EVERY_USERNAME``, of any username from that address — and the lock they caused."""

    id: str
    username: str
    address: str
    failures: int
    locked_until: datetime | None
    last_failure_at: datetime | None
    forget_at: datetime

    @classmethod
    def start(cls, username: str, address: str, now: datetime) -> LoginThrottle:
        """A counter with no failure yet (``username`` cut to the longest possible one)."""
        username = username[:_MAX_USERNAME]
        return cls(throttle_id(username, address), username, address, 0, None, None, now)

    @property
    def covers_every_username(self) -> bool:
        return self.username == EVERY_USERNAME

    def retry_after(self, now: datetime) -> int:
        """Whole seconds until the next attempt is allowed; 0 when not locked."""
        if self.locked_until is None or now >= self.locked_until:
            return 0
        return max(1, math.ceil((self.locked_until - now).total_seconds()))

    def is_forgotten(self, now: datetime) -> bool:
        return now >= self.forget_at

    def is_locked_out(self, now: datetime) -> bool:
        """Reached its threshold and not forgotten since: an ongoing lockout (though its
        current lock may have run out, the next failure locks again, for longer)."""
        return self.locked_until is not None and not self.is_forgotten(now)

    def register_failure(self, now: datetime, rule: LockoutRule) -> bool:
        """Count a failure (a forgotten counter starts again from zero); lock from the
        threshold on. True when this failure starts a lockout."""
        if self.is_forgotten(now):
            self.reset()
        self.failures += 1
        self.last_failure_at = now
        delay = rule.delay(self.failures)
        if delay is not None:
            self.locked_until = now + delay
        self.forget_at = max(now, self.locked_until or now) + rule.forget_after
        return self.failures == rule.threshold

    def reset(self) -> None:
        self.failures = 0
        self.locked_until = None
