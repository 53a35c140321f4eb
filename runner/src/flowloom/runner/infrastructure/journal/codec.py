"""JSON form of an attempt's outcome, for the journal (sealed there as a whole)."""

from __future__ import annotations

from typing import Any

from flowloom.runner.domain.invocation import (
    Cancelled,
    ExecutionOutcome,
    Failed,
    HeldOutcome,
    Succeeded,
    TimedOut,
)
from flowloom.runner.domain.values import FileKey, Value
from flowloom.runner.infrastructure.database.values_codec import value_from_json, value_to_json


def held_to_json(held: HeldOutcome) -> dict[str, Any]:
    return {
        "run_id": held.run_id,
        "execution_id": held.execution_id,
        "attempt": held.attempt,
        "outcome": _outcome_to_json(held.outcome),
    }


def held_from_json(data: dict[str, Any]) -> HeldOutcome:
    outcome = _outcome_from_json(data["outcome"])
    return HeldOutcome(data["run_id"], data["execution_id"], int(data["attempt"]), outcome)


def _outcome_to_json(outcome: ExecutionOutcome) -> dict[str, Any]:
    match outcome:
        case Succeeded(outputs=outputs, masked=masked):
            values = {name: value_to_json(value) for name, value in outputs.items()}
            return {"succeeded": {"outputs": values, "masked": sorted(masked)}}
        case Failed(message=message, traceback=traceback):
            return {"failed": {"message": message, "traceback": traceback}}
        case Cancelled(code=code, message=message):
            return {"cancelled": {"code": code, "message": message}}
        case TimedOut(after_seconds=seconds):
            return {"timed_out": {"after_seconds": seconds}}
    raise TypeError(f"not an outcome: {outcome!r}")


def _outcome_from_json(data: dict[str, Any]) -> ExecutionOutcome:
    if "succeeded" in data:
        body = data["succeeded"]
        outputs = {name: _value(value) for name, value in body["outputs"].items()}
        return Succeeded(outputs, frozenset(body["masked"]))
    if "failed" in data:
        return Failed(data["failed"]["message"], data["failed"]["traceback"])
    if "cancelled" in data:
        return Cancelled(int(data["cancelled"]["code"]), data["cancelled"]["message"])
    if "timed_out" in data:
        return TimedOut(float(data["timed_out"]["after_seconds"]))
    raise ValueError(f"not an outcome: {sorted(data)}")


def _value(data: Any) -> Value:
    value = value_from_json(data)
    if isinstance(value, FileKey):
        raise ValueError("an output is a value, not a file key")
    return value
