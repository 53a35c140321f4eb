"""A build of one action at one content digest, and its own small state machine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class BuildState(StrEnum):
    PENDING = "Pending"
    RUNNING = "Running"
    SUCCEEDED = "Succeeded"
    FAILED = "Failed"
    CANCELLED = "Cancelled"


ACTIVE_BUILD_STATES = (BuildState.PENDING, BuildState.RUNNING)


@dataclass(eq=False)
class Build:
    """Results arriving for a finished build are ignored: the first ending wins."""

    id: str
    project_id: str
    action_id: str
    content_digest: str
    sha: str
    source_archive: str
    requested_at: datetime
    state: BuildState = BuildState.PENDING
    started_at: datetime | None = None
    finished_at: datetime | None = None
    error: str | None = None
    logs: str | None = None
    artefact: str | None = None
    artefact_digest: str | None = None
    cache_hit: bool = False
    duration_seconds: float | None = None

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_BUILD_STATES

    def start(self, now: datetime) -> bool:
        if self.state is not BuildState.PENDING:
            return False
        self.state, self.started_at = BuildState.RUNNING, now
        return True

    def succeed(
        self,
        artefact: str,
        artefact_digest: str,
        logs: str,
        cache_hit: bool,
        duration: float,
        now: datetime,
    ) -> bool:
        if not self.is_active:
            return False
        self.state, self.artefact, self.artefact_digest = (
            BuildState.SUCCEEDED,
            artefact,
            artefact_digest,
        )
        self._finish(logs, duration, now)
        self.cache_hit = cache_hit
        return True

    def fail(self, error: str, logs: str, duration: float, now: datetime) -> bool:
        if not self.is_active:
            return False
        self.state, self.error = BuildState.FAILED, error
        self._finish(logs, duration, now)
        return True

    def cancel(self, now: datetime, reason: str = "cancelled by a user") -> bool:
        if not self.is_active:
            return False
        self.state, self.error, self.finished_at = BuildState.CANCELLED, reason, now
        return True

    def _finish(self, logs: str, duration: float, now: datetime) -> None:
        self.logs = logs or None
        self.duration_seconds = duration
        self.finished_at = now
        self.started_at = self.started_at or now
