"""Cron schedules (servicekit's dialect: croniter, five fields, a time zone) and the loop that
fires them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

from flowloom.runner.domain.errors import TriggerStartFailed
from flowloom.runner.domain.ports import Clock
from flowloom.runner.domain.values import IoSpec, IoType, TriggerValue
from flowloom.runner.domain.workflow import CRON_TIME, CronTrigger
from flowloom.servicekit.schedules import CronSchedule, ScheduleError


class Schedule(Protocol):
    """When a trigger fires next: strictly after ``moment``, as an aware datetime."""

    def next_after(self, moment: datetime) -> datetime: ...


def cron_schedule(trigger: CronTrigger) -> Schedule:
    """The trigger's schedule in servicekit's cron dialect (the studio checks with the same);
    TriggerStartFailed naming what is wrong with it."""
    try:
        return CronSchedule.of(trigger.schedule, trigger.timezone)
    except ScheduleError as error:
        raise TriggerStartFailed(error.message) from None


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
