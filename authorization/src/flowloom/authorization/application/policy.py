"""Tunable security settings of the authorization use cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flowloom.authorization.domain.throttle import LockoutRule


@dataclass(frozen=True)
class AuthPolicy:
    """Token lifetimes and login lockout; infrastructure builds it from settings."""

    access_token_ttl: timedelta = timedelta(minutes=15)
    refresh_token_ttl: timedelta = timedelta(days=14)
    # Failed logins of one username from one client address, then of any username from one
    # client address (password spraying), before the lock that doubles per further failure.
    user_lockout: LockoutRule = field(default_factory=lambda: LockoutRule(threshold=5))
    address_lockout: LockoutRule = field(default_factory=lambda: LockoutRule(threshold=50))
    # At most this many counters are kept: an attacker's many usernames and addresses cannot
    # grow the table without bound (the ones nearest to being forgotten go first).
    lockout_max_entries: int = 100_000
    # A new signing key is published this long before it signs, so that every verifier has
    # it (they refetch the JWKS for an unknown kid at most every 5 s).
    signing_key_publish_delay: timedelta = timedelta(seconds=10)
    # A replaced key stays published for the access-token lifetime plus this margin: the time
    # replicas take to switch keys (their refresh period) and the verifiers' clock leeway.
    signing_key_grace: timedelta = timedelta(seconds=30)
