"""Checking cron schedules (five fields or an ``@`` alias) and IANA time zones."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ALIASES = frozenset(
    {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}
)
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
# (field name, lowest, highest, names mapped to numbers)
_FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day of month", 1, 31, {}),
    ("month", 1, 12, {name: i + 1 for i, name in enumerate(_MONTHS)}),
    ("day of week", 0, 7, {name: i for i, name in enumerate(_DAYS)}),
)
_ITEM = re.compile(r"^(?P<range>\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:/(?P<step>[0-9]+))?$")


def cron_problem(schedule: str) -> str | None:
    """Why ``schedule`` is not a valid cron schedule, or None.

    Accepted: ``minute hour day-of-month month day-of-week`` where each field is a comma list of
    ``*``, ``n``, ``a-b``, optionally ``/step``; month and day names (``jan``, ``mon``); day of
    week 0-7 (0 and 7 are Sunday); or one of the aliases @yearly, @annually, @monthly, @weekly,
    @daily, @midnight, @hourly (what the runner's scheduler accepts).
    """
    text = " ".join(schedule.lower().split())
    if not text:
        return "a cron trigger needs a schedule"
    if text.startswith("@"):
        return None if text in ALIASES else f"unknown schedule alias '{text}'"
    fields = text.split(" ")
    if len(fields) != 5:
        return (
            f"'{schedule}' has {len(fields)} fields; a schedule has five: "
            "minute hour day-of-month month day-of-week"
        )
    for value, (name, low, high, names) in zip(fields, _FIELDS, strict=True):
        problem = _field_problem(value, low, high, names)
        if problem:
            return f"the {name} field '{value}' {problem}"
    return None


def timezone_problem(timezone: str) -> str | None:
    """Why ``timezone`` is not an IANA time zone name, or None."""
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone '{timezone}' (use an IANA name such as Europe/Paris)"
    return None


def _field_problem(value: str, low: int, high: int, names: dict[str, int]) -> str | None:
    for item in value.split(","):
        match = _ITEM.match(item)
        if not match:
            return f"is not understood ('{item}')"
        if match["step"] is not None and int(match["step"]) == 0:
            return "has a step of 0"
        if match["range"] == "*":
            continue
        bounds = [_number(part, names) for part in match["range"].split("-")]
        if any(b is None for b in bounds):
            return f"is not understood ('{item}')"
        if any(b is not None and not low <= b <= high for b in bounds):
            return f"must be between {low} and {high}"
        if len(bounds) == 2 and bounds[0] > bounds[1]:  # type: ignore[operator]
            return f"has a range '{match['range']}' that runs backwards"
    return None


def _number(text: str, names: dict[str, int]) -> int | None:
    if text.isdigit():
        return int(text)
    return names.get(text)
