"""Cron schedules (croniter, five fields, a time zone) and the loop that fires them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter  # type: ignore[import-untyped]

from flowloom.runner.domain.errors import TriggerStartFailed
from flowloom.runner.domain.ports import Clock
from flowloom.runner.domain.values import IoSpec, IoType, TriggerValue
from flowloom.runner.domain.workflow import CRON_TIME, CronTrigger


class Schedule(Protocol):
    """When a trigger fires next: strictly after ``moment``, as an aware datetime."""

    def next_after(self, moment: datetime) -> datetime: ...


@dataclass(frozen=True)
class CronSchedule:
    """A validated five-field cron expression (or a croniter ``@`` alias) in a time zone."""

    expression: str
    zone: ZoneInfo

    @classmethod
    def of(cls, trigger: CronTrigger) -> CronSchedule:
        """The trigger's schedule; TriggerStartFailed naming what is wrong with it."""
        expression = " ".join(trigger.schedule.split())
        if not expression.startswith("@") and len(expression.split(" ")) != 5:
            raise TriggerStartFailed(
                f"the cron schedule '{expression}' must have five fields: "
                "minute hour day-of-month month day-of-week"
            )
        try:
            zone = ZoneInfo(trigger.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise TriggerStartFailed(f"unknown time zone '{trigger.timezone}'") from None
        schedule = cls(expression, zone)
        try:
            schedule.next_after(datetime.now(UTC))
        except (ValueError, KeyError) as error:
            raise TriggerStartFailed(f"invalid cron schedule '{expression}': {error}") from None
        return schedule

    def next_after(self, moment: datetime) -> datetime:
        following: datetime = croniter(self.expression, moment.astimezone(self.zone)).get_next(
            datetime
        )
        return following


async def follow_schedule(
    schedule: Schedule, clock: Clock, fire: Callable[[datetime], Awaitable[None]]
) -> None:
    """Sleep until each fire time, then ``fire(time)``; fire times missed while busy are skipped."""
    last: datetime | None = None
    while True:
        now = clock.now()
        moment = schedule.next_after(now if last is None or now > last else last)
        await clock.sleep(max(0.0, (moment - now).total_seconds()))
        last = moment
        await fire(moment)


def cron_outputs(trigger: CronTrigger, moment: datetime) -> dict[str, TriggerValue]:
    """``time`` (ISO 8601, in the trigger's zone) and a default for every other output."""
    outputs = {spec.name: _default(spec) for spec in trigger.outputs}
    outputs[CRON_TIME.name] = moment.isoformat()
    return outputs


_DEFAULTS: dict[IoType, TriggerValue] = {
    IoType.STRING: "",
    IoType.LONGSTRING: "",
    IoType.PASSWORD: "",
    IoType.INTEGER: 0,
    IoType.FLOAT: 0.0,
    IoType.BOOLEAN: False,
    IoType.BYTES: b"",
}


def _default(spec: IoSpec) -> TriggerValue:
    """None when optional; else the type's zero value (an enum's first value; files: none)."""
    if spec.optional:
        return None
    if spec.type is IoType.ENUM:
        return spec.enum_values[0] if spec.enum_values else None
    return _DEFAULTS.get(spec.type)
