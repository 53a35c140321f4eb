"""One execution per step of a run, with its own state machine and attempts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from flowloom.runner.domain.errors import Conflict
from flowloom.runner.domain.values import IoValue


class ExecutionState(StrEnum):
    PENDING = "Pending"  # waits for its predecessors
    WAITING = "Waiting"  # ready: waits for a slot, or for its retry time
    RUNNING = "Running"
    SUCCESS = "Success"
    ERROR = "Error"
    CANCELED = "Canceled"
    SKIPPED = "Skipped"

    @property
    def finished(self) -> bool:
        return self in _FINISHED

    @property
    def lets_successors_run(self) -> bool:
        return self in (ExecutionState.SUCCESS, ExecutionState.SKIPPED)


_FINISHED = {
    ExecutionState.SUCCESS,
    ExecutionState.ERROR,
    ExecutionState.CANCELED,
    ExecutionState.SKIPPED,
}


@dataclass
class Execution:
    """A step of a run. ``message`` says why it failed, was skipped or was canceled.

    ``inputs`` are the values of the last attempt, without secret values; ``started_at`` is the
    start of the last attempt. Log lines are stored apart (LogRepository).
    """

    id: str
    run_id: str
    step_id: str
    position: int
    state: ExecutionState = ExecutionState.PENDING
    attempt: int = 0
    inputs: dict[str, IoValue] = field(default_factory=dict)
    outputs: dict[str, IoValue] = field(default_factory=dict)
    message: str | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    next_attempt_at: datetime | None = None

    def is_due(self, now: datetime) -> bool:
        """Ready to start an attempt now."""
        waiting = self.state is ExecutionState.WAITING
        return waiting and (self.next_attempt_at is None or self.next_attempt_at <= now)

    def make_ready(self) -> None:
        self._require(ExecutionState.PENDING)
        self.state = ExecutionState.WAITING

    def start_attempt(self, inputs: dict[str, IoValue], now: datetime) -> None:
        self._require(ExecutionState.WAITING)
        self.state, self.attempt, self.inputs = ExecutionState.RUNNING, self.attempt + 1, inputs
        self.started_at, self.next_attempt_at, self.message = now, None, None

    def succeed(self, outputs: dict[str, IoValue], now: datetime) -> None:
        self._require(ExecutionState.RUNNING)
        self.outputs = outputs
        self._end(ExecutionState.SUCCESS, None, now)

    def retry_later(self, message: str, at: datetime) -> None:
        """A failed attempt with attempts left: wait until ``at`` for the next one."""
        self._require(ExecutionState.RUNNING)
        self.state, self.message, self.next_attempt_at = ExecutionState.WAITING, message, at

    def fail(self, message: str, now: datetime) -> None:
        self._end(ExecutionState.ERROR, message, now)

    def skip(self, reason: str, now: datetime) -> None:
        self._require(ExecutionState.PENDING)
        self._end(ExecutionState.SKIPPED, reason, now)

    def cancel(self, reason: str, now: datetime) -> None:
        if not self.state.finished:
            self._end(ExecutionState.CANCELED, reason, now)

    def _end(self, state: ExecutionState, message: str | None, now: datetime) -> None:
        self.state, self.message, self.ended_at, self.next_attempt_at = state, message, now, None

    def _require(self, state: ExecutionState) -> None:
        if self.state is not state:
            raise Conflict(f"execution of step '{self.step_id}' is {self.state}, not {state}")
