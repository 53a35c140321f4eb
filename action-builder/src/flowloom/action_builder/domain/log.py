"""The build log: every command with its output, cache decisions, timings; kept in memory."""

from __future__ import annotations

import shlex
from datetime import datetime


class BuildLog:
    """Appended to while the build runs; read at any time (a killed build keeps what it has)."""

    def __init__(self) -> None:
        self._lines: list[str] = []

    def write(self, line: str) -> None:
        self._lines.append(line.rstrip("\n"))

    def command(self, argv: list[str]) -> None:
        self.write("$ " + shlex.join(argv))

    def stamp(self, at: datetime, message: str) -> None:
        self.write(f"[{at.isoformat(timespec='seconds')}] {message}")

    def tail(self, count: int) -> list[str]:
        return self._lines[-count:]

    def text(self) -> str:
        return "\n".join(self._lines) + "\n"
