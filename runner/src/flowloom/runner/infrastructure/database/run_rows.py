"""Runs and executions to and from their rows (value columns through values_codec)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import RowMapping

from flowloom.runner.domain.execution import Attempt, Execution, ExecutionState
from flowloom.runner.domain.run import Run
from flowloom.runner.infrastructure.database.cipher import ValueCipher
from flowloom.runner.infrastructure.database.values_codec import (
    io_values_from_json,
    io_values_to_json,
)

# The columns holding the attribute of the same name as it is; the value columns go through
# the codec, the executions and the attempts their own way.
_RUN_PLAIN = (
    "id",
    "project_id",
    "workflow_id",
    "workflow_version_id",
    "trigger_source",
    "created_at",
    "state",
    "ended_at",
    "error",
    "cancel_code",
)
_EXECUTION_PLAIN = (
    "id",
    "run_id",
    "step_id",
    "position",
    "state",
    "attempt",
    "message",
    "started_at",
    "ended_at",
    "next_attempt_at",
)


def run_row(run: Run, cipher: ValueCipher) -> dict[str, Any]:
    return {
        **{name: getattr(run, name) for name in _RUN_PLAIN},
        "trigger_outputs": io_values_to_json(run.trigger_outputs, cipher),
        "results": io_values_to_json(run.results, cipher),
    }


def execution_row(execution: Execution, cipher: ValueCipher) -> dict[str, Any]:
    return {
        **{name: getattr(execution, name) for name in _EXECUTION_PLAIN},
        "inputs": io_values_to_json(execution.inputs, cipher),
        "outputs": io_values_to_json(execution.outputs, cipher),
        "attempts": [_attempt_to_json(attempt) for attempt in execution.attempts],
    }


def run_from_rows(
    row: RowMapping, execution_rows: Sequence[RowMapping], cipher: ValueCipher
) -> Run:
    return Run(
        **{name: row[name] for name in _RUN_PLAIN},
        trigger_outputs=io_values_from_json(row["trigger_outputs"], cipher),
        executions=[_execution(e, cipher) for e in execution_rows],
        results=io_values_from_json(row["results"], cipher),
    )


def _execution(row: RowMapping, cipher: ValueCipher) -> Execution:
    return Execution(
        **{name: row[name] for name in _EXECUTION_PLAIN},
        inputs=io_values_from_json(row["inputs"], cipher),
        outputs=io_values_from_json(row["outputs"], cipher),
        attempts=[_attempt_from_json(attempt) for attempt in row["attempts"]],
    )


def _attempt_to_json(attempt: Attempt) -> dict[str, Any]:
    return {
        "number": attempt.number,
        "state": str(attempt.state),
        "started_at": attempt.started_at.isoformat(),
        "ended_at": attempt.ended_at.isoformat() if attempt.ended_at else None,
        "error": _user_text(attempt.error),
        "traceback": _user_text(attempt.traceback),
    }


def _user_text(text: str | None) -> str | None:
    """As UserText: NUL characters from user code become U+FFFD (PostgreSQL refuses them)."""
    return None if text is None else text.replace("\x00", "\ufffd")


def _attempt_from_json(data: dict[str, Any]) -> Attempt:
    ended_at = data.get("ended_at")
    return Attempt(
        number=int(data["number"]),
        state=ExecutionState(data["state"]),
        started_at=datetime.fromisoformat(data["started_at"]),
        ended_at=datetime.fromisoformat(ended_at) if ended_at else None,
        error=data.get("error"),
        traceback=data.get("traceback") or "",
    )
