"""The login throttle: failed logins counted per (username, client address) and per client
address, so that whoever hammers a username locks out their own address, never its owner."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flowloom.authorization.application.policy import AuthPolicy
from flowloom.authorization.domain.errors import TooManyAttempts
from flowloom.authorization.domain.ports import UnitOfWork
from flowloom.authorization.domain.throttle import (
    EVERY_USERNAME,
    LoginThrottle,
    throttle_id,
    throttled_address,
)

log = logging.getLogger(__name__)


@dataclass
class LoginAttempt:
    """One login's username and client address, and the counters that answer for them
    (None: no failure counted yet)."""

    username: str
    address: str
    pair: LoginThrottle | None
    address_wide: LoginThrottle | None


@dataclass(eq=False)
class LoginThrottling:
    """Admits or refuses a login attempt, and counts its outcome.

    The pair's counter locks that username from that address only: the real user, elsewhere,
    still logs in. The address's counter, over every username, slows one address trying many
    usernames (password spraying); a success does not reset it, or a spraying attacker with
    an account of their own could reset it at will.
    """

    policy: AuthPolicy

    async def admit(
        self, uow: UnitOfWork, username: str, address: str, now: datetime
    ) -> LoginAttempt:
        """The attempt's counters; TooManyAttempts while either of them locks it."""
        key = throttled_address(address)
        attempt = LoginAttempt(username, key, None, None)
        # The pair's counter is held through the password check, so that parallel guesses
        # of one username from one address take turns and none escapes the count. The
        # address's is only read: holding it would make every login from a shared address
        # (a NAT) wait for the others; it is locked to count a failure (``failed``).
        attempt.pair = await uow.login_throttles.get(throttle_id(username, key))
        if self.policy.address_lockout.enabled:
            everyone = throttle_id(EVERY_USERNAME, key)
            attempt.address_wide = await uow.login_throttles.get(everyone, lock=False)
        counters = (attempt.pair, attempt.address_wide)
        wait = max((c.retry_after(now) for c in counters if c is not None), default=0)
        if wait:
            raise TooManyAttempts(wait)
        return attempt

    async def failed(
        self, uow: UnitOfWork, attempt: LoginAttempt, now: datetime
    ) -> list[LoginThrottle]:
        """Count the failure on the attempt's counters; those it locked out for the first
        time since they were last forgotten, for ``report`` once committed."""
        started = []
        counters = [(attempt.username, self.policy.user_lockout)]
        if self.policy.address_lockout.enabled:
            counters.append((EVERY_USERNAME, self.policy.address_lockout))
        for username, rule in counters:
            # Read again, locked: other attempts may have counted since ``admit`` read it.
            counter = await uow.login_throttles.get(throttle_id(username, attempt.address))
            if counter is None:
                counter = LoginThrottle.start(username, attempt.address, now)
                await uow.login_throttles.add(counter)
            if counter.register_failure(now, rule):
                started.append(counter)
        return started

    @staticmethod
    def report(started: list[LoginThrottle]) -> None:
        """One warning per lockout (never per attempt), with who, from where, until when."""
        for counter in started:
            username = None if counter.covers_every_username else counter.username
            until = counter.locked_until.isoformat() if counter.locked_until else None
            log.warning(
                "login locked out: username=%s address=%s failures=%d locked_until=%s",
                "(every username)" if username is None else repr(username),
                counter.address,
                counter.failures,
                until,
                extra={
                    "username": username,
                    "client_address": counter.address,
                    "failures": counter.failures,
                    "locked_until": until,
                },
            )

    async def succeeded(self, uow: UnitOfWork, attempt: LoginAttempt) -> None:
        """Forget the pair's failures (the address's counter stays, see the class)."""
        if attempt.pair is not None:
            await uow.login_throttles.delete(attempt.pair)

    async def forget_stale(self, uow: Callable[[], UnitOfWork], now: datetime) -> None:
        """Bound the state whoever fails logins can create: forgotten counters go, then the
        oldest beyond the cap. Its own transaction: it must not hold the login's up."""
        async with uow() as work:
            await work.login_throttles.forget(now, self.policy.lockout_max_entries)
            await work.commit()
