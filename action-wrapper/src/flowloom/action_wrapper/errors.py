"""Execution failures: wrapper-detected errors and how user exceptions become terminal events."""

from __future__ import annotations

import traceback
from types import ModuleType

from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb

DEFAULT_CANCEL_CODE = 500
_INT32_MAX = 2**31 - 1


class ExecutionError(Exception):
    """A problem the wrapper found (bad input, invalid output, transfer failure): no traceback."""


def last_line(text: str) -> str:
    """The last non-blank line of a traceback (e.g. `ValueError: bad`)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def format_traceback(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))


def failed(message: str, trace: str = "") -> pb.RunEvent:
    return pb.RunEvent(error=pb.ExecutionFailed(message=message, traceback=trace))


def failed_by(error: BaseException) -> pb.RunEvent:
    """`ExecutionFailed` for an exception raised by (or through) user code."""
    trace = format_traceback(error)
    return failed(str(error) if isinstance(error, ExecutionError) else last_line(trace), trace)


def is_ryax_exception(error: BaseException, module: ModuleType) -> bool:
    """True when the handler module defines a `RyaxException` class and `error` is one."""
    cls = getattr(module, "RyaxException", None)
    return isinstance(cls, type) and isinstance(error, cls)


def cancelled_by(error: BaseException) -> pb.RunEvent:
    """`ExecutionCancelled` from a `RyaxException`, reading `code` and `message` defensively."""
    message = getattr(error, "message", None)
    text = str(error) or type(error).__name__ if message is None else str(message)
    code = _status_code(getattr(error, "code", None))
    return pb.RunEvent(cancelled=pb.ExecutionCancelled(code=code, message=text))


def _status_code(code: object) -> int:
    if isinstance(code, str) and code.strip().isdigit():
        code = int(code)
    if isinstance(code, bool) or not isinstance(code, int) or not 0 < code <= _INT32_MAX:
        return DEFAULT_CANCEL_CODE
    return code
