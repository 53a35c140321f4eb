"""Cron schedules: the one dialect the runner fires and the studio checks (croniter, five
fields or a croniter ``@`` alias, in an IANA time zone).

croniter's dialect: ``minute hour day-of-month month day-of-week``, each a list of ``*``,
``n``, ``a-b``, ``/step``, month and day names, and its extensions (``L`` for the last day of
the month, ``1#2`` for the second Monday). A schedule that matches no date (``0 0 31 2 *``) is
refused: it would never fire.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import CroniterBadDateError, croniter  # type: ignore[import-untyped]

FIELDS = "minute hour day-of-month month day-of-week"


class ScheduleError(Exception):
    """Why a schedule or its time zone cannot be fired."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CronSchedule:
    """A validated cron expression in a time zone."""

    expression: str
    zone: ZoneInfo

    @classmethod
    def of(cls, schedule: str, timezone: str = "UTC") -> CronSchedule:
        """The schedule; ScheduleError naming what is wrong with it (the expression first)."""
        expression = " ".join(schedule.split())
        if not expression:
            raise ScheduleError("a cron trigger needs a schedule")
        if not expression.startswith("@") and len(expression.split(" ")) != 5:
            raise ScheduleError(f"the cron schedule '{expression}' must have five fields: {FIELDS}")
        try:
            zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ScheduleError(f"unknown time zone '{timezone}'") from None
        found = cls(expression, zone)
        try:
            found.next_after(datetime.now(zone))
        except CroniterBadDateError:
            raise ScheduleError(
                f"the cron schedule '{expression}' never fires: no date matches it"
            ) from None
        except (ValueError, KeyError) as error:
            raise ScheduleError(f"invalid cron schedule '{expression}': {error}") from None
        return found

    def next_after(self, moment: datetime) -> datetime:
        """The first fire time strictly after ``moment``, aware, in the schedule's zone."""
        following: datetime = croniter(self.expression, moment.astimezone(self.zone)).get_next(
            datetime
        )
        return following

    def next_times(self, after: datetime, count: int) -> list[datetime]:
        """The next ``count`` fire times after ``after``."""
        times: list[datetime] = []
        moment = after
        for _ in range(count):
            moment = self.next_after(moment)
            times.append(moment)
        return times


def schedule_problem(schedule: str, timezone: str = "UTC") -> str | None:
    """Why the schedule cannot be fired in ``timezone``, or None."""
    try:
        CronSchedule.of(schedule, timezone)
    except ScheduleError as error:
        return error.message
    return None
