"""The ScheduleReader adapter: servicekit's cron dialect, the one the runner fires with."""

from __future__ import annotations

from datetime import datetime

from flowloom.servicekit.schedules import CronSchedule, ScheduleError, schedule_problem
from flowloom.studio.domain.ports import ScheduleReader


class CronScheduleReader(ScheduleReader):
    def problem(self, schedule: str) -> str | None:
        return schedule_problem(schedule)

    def next_times(
        self, schedule: str, timezone: str, after: datetime, count: int
    ) -> list[datetime]:
        try:
            return CronSchedule.of(schedule, timezone).next_times(after, count)
        except ScheduleError:
            return []
