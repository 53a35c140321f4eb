"""One execution per step of a run, with its own state machine and attempts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
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


@dataclass(frozen=True)
class Attempt:
    """One try of an execution: Running, then Success, Error or Canceled.

    ``error`` is why it failed or was canceled; ``traceback`` the user code's traceback when
    its handler raised (empty otherwise). Both are masked like the execution's message.
    """

    number: int
    state: ExecutionState
    started_at: datetime
    ended_at: datetime | None = None
    error: str | None = None
    traceback: str = ""


@dataclass
class Execution:
    """A step of a run. ``message`` says why it failed, was skipped or was canceled.

    ``inputs`` are the values of the last attempt, without secret values; ``started_at`` is the
    start of the last attempt; ``attempts`` every attempt started, in order (the last one is
    number ``attempt``). Log lines are stored apart (LogRepository), each with its attempt.
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
    attempts: list[Attempt] = field(default_factory=list)

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
        self.attempts = [*self.attempts, Attempt(self.attempt, ExecutionState.RUNNING, now)]

    def take_back(self) -> None:
        """The attempt was recorded as started but no wrapper ever got it (the answer to the
        commit that started it was lost): Waiting again and due at once, as before it."""
        self._require(ExecutionState.RUNNING)
        self.attempts = [a for a in self.attempts if a.number != self.attempt]
        self.state, self.attempt, self.started_at = ExecutionState.WAITING, self.attempt - 1, None

    def succeed(self, outputs: dict[str, IoValue], now: datetime) -> None:
        self._require(ExecutionState.RUNNING)
        self.outputs = outputs
        self._end(ExecutionState.SUCCESS, None, now)

    def retry_later(self, message: str, at: datetime, now: datetime, traceback: str = "") -> None:
        """A failed attempt (ended ``now``) with attempts left: wait until ``at`` for the next."""
        self._require(ExecutionState.RUNNING)
        self._end_attempt(ExecutionState.ERROR, message, now, traceback)
        self.state, self.message, self.next_attempt_at = ExecutionState.WAITING, message, at

    def fail(self, message: str, now: datetime, traceback: str = "") -> None:
        self._end_attempt(ExecutionState.ERROR, message, now, traceback)
        self._end(ExecutionState.ERROR, message, now)

    def skip(self, reason: str, now: datetime) -> None:
        self._require(ExecutionState.PENDING)
        self._end(ExecutionState.SKIPPED, reason, now)

    def cancel(self, reason: str, now: datetime) -> None:
        if not self.state.finished:
            self._end_attempt(ExecutionState.CANCELED, reason, now)
            self._end(ExecutionState.CANCELED, reason, now)

    @property
    def last_attempt(self) -> Attempt | None:
        return self.attempts[-1] if self.attempts else None

    def _end(self, state: ExecutionState, message: str | None, now: datetime) -> None:
        if state is ExecutionState.SUCCESS:
            self._end_attempt(state, None, now)
        self.state, self.message, self.ended_at, self.next_attempt_at = state, message, now, None

    def _end_attempt(
        self, state: ExecutionState, error: str | None, now: datetime, traceback: str = ""
    ) -> None:
        """End the running attempt, if one is (a step can fail or be canceled between two)."""
        last = self.last_attempt
        if self.state is ExecutionState.RUNNING and last is not None and last.ended_at is None:
            ended = replace(last, state=state, ended_at=now, error=error, traceback=traceback)
            self.attempts = [*self.attempts[:-1], ended]

    def _require(self, state: ExecutionState) -> None:
        if self.state is not state:
            raise Conflict(f"execution of step '{self.step_id}' is {self.state}, not {state}")
