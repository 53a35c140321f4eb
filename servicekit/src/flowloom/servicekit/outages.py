"""Waiting out a database outage: a unit of work is tried again until the database answers.

Standard library only, so that a service's application layer can be given one through a port
(the runner's engine does); the pauses come from a clock the caller chooses (virtual in tests).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Protocol, TypeVar

T = TypeVar("T")
logger = logging.getLogger(__name__)


class Pauses(Protocol):
    """What the retry needs of a clock: the time, and waiting."""

    def now(self) -> datetime: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemPauses:
    """The real clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class OutageRetry:
    """Runs work again, with a pause doubling from ``first`` up to ``longest`` seconds, for as
    long as it fails because the database cannot be reached (``unavailable``, infrastructure's
    one classification of an outage); any other error is the caller's.

    The work gets ``retrying``: False on the first try, True on the next ones. A failed try may
    have been cut off after its commit reached the database (the answer was lost), so work
    that is retried must be right whether or not the previous try took effect. Pauses go
    through the Clock. One warning when an outage first stops the work, one info when it went
    through at last; nothing per try.
    """

    def __init__(
        self,
        unavailable: Callable[[BaseException], bool],
        clock: Pauses,
        *,
        first: float = 0.2,
        longest: float = 5.0,
    ) -> None:
        self.unavailable = unavailable
        self._clock = clock
        self._first = first
        self._longest = max(first, longest)

    async def run(
        self,
        work: Callable[[bool], Awaitable[T]],
        what: str,
        *args: object,
        on_outage: Callable[[], Awaitable[None]] | None = None,
    ) -> T:
        """``work``'s result; ``what % args`` names it in the log; ``on_outage`` runs once,
        after the first try met an outage and before the pause."""
        try:
            return await work(False)
        except Exception as error:
            if not self.unavailable(error):
                raise
            logger.warning(
                "%s: the database is unreachable (%s); trying again every %g s at most until "
                "it answers",
                what % args,
                _reason(error),
                self._longest,
            )
        if on_outage is not None:
            await on_outage()
        return await self._again(work, what % args)

    async def _again(self, work: Callable[[bool], Awaitable[T]], what: str) -> T:
        began, delay, tries = self._clock.now(), self._first, 1
        while True:
            await self._clock.sleep(delay)
            delay = min(delay * 2, self._longest)
            tries += 1
            try:
                result = await work(True)
            except Exception as error:
                if not self.unavailable(error):
                    raise
                continue
            waited = (self._clock.now() - began).total_seconds()
            logger.info("%s: done after %d tries (%.1f s of outage)", what, tries, waited)
            return result


def _reason(error: BaseException) -> str:
    """The error's type and its cause's (the driver's error says what happened)."""
    cause = error.__cause__ or error.__context__
    names = type(error).__name__
    return f"{names} from {type(cause).__name__}" if cause is not None else names
