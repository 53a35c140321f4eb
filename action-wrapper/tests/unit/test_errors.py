"""Terminal events from exceptions: last traceback line, RyaxException read defensively."""

from __future__ import annotations

import types
from dataclasses import dataclass

import pytest

from flowloom.action_wrapper.errors import (
    DEFAULT_CANCEL_CODE,
    ExecutionError,
    cancelled_by,
    failed_by,
    is_ryax_exception,
    last_line,
)


def raised(error: BaseException) -> BaseException:
    try:
        raise error
    except BaseException as caught:
        return caught


def test_last_line_is_exception_summary_when_traceback_is_formatted() -> None:
    trace = 'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: bad\n\n'
    assert last_line(trace) == "ValueError: bad"
    assert last_line("") == ""


def test_failure_carries_last_line_and_full_traceback_when_user_code_raises() -> None:
    event = failed_by(raised(KeyError("k")))
    assert event.error.message == "KeyError: 'k'"
    assert event.error.traceback.startswith("Traceback (most recent call last):")


def test_failure_message_is_wrapper_message_when_output_check_raised_through_user_code() -> None:
    assert failed_by(raised(ExecutionError("output 'a' is missing"))).error.message == (
        "output 'a' is missing"
    )


@dataclass
class RyaxException(Exception):
    message: str
    code: int


class Bare(Exception):
    pass


def test_cancellation_carries_code_and_message_when_ryax_exception_is_raised() -> None:
    module = types.ModuleType("ryax_handler")
    module.RyaxException = RyaxException  # type: ignore[attr-defined]
    error = RyaxException(message="nope", code=404)
    assert is_ryax_exception(error, module)
    assert not is_ryax_exception(ValueError(), module)
    assert not is_ryax_exception(error, types.ModuleType("empty"))
    cancelled = cancelled_by(error).cancelled
    assert (cancelled.code, cancelled.message) == (404, "nope")


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (Bare("plain text"), DEFAULT_CANCEL_CODE, "plain text"),
        (Bare(), DEFAULT_CANCEL_CODE, "Bare"),
        (RyaxException(message="m", code="418"), 418, "m"),  # type: ignore[arg-type]
        (RyaxException(message="m", code=True), DEFAULT_CANCEL_CODE, "m"),
        (RyaxException(message="m", code=2**40), DEFAULT_CANCEL_CODE, "m"),
        (RyaxException(message=42, code=-1), DEFAULT_CANCEL_CODE, "42"),  # type: ignore[arg-type]
    ],
)
def test_cancellation_uses_defaults_when_ryax_exception_attributes_are_missing_or_invalid(
    error: Exception, code: int, message: str
) -> None:
    cancelled = cancelled_by(error).cancelled
    assert (cancelled.code, cancelled.message) == (code, message)
