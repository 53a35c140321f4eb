"""Time zones of cron schedules (the ScheduleReader port reads the schedules)."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def timezone_problem(timezone: str) -> str | None:
    """Why ``timezone`` is not an IANA time zone name, or None."""
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return f"unknown time zone '{timezone}' (use an IANA name such as Europe/Paris)"
    return None
