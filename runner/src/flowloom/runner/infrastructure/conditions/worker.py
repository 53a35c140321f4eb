"""The condition worker: a child process of the runner that compiles and evaluates conditions.

``python -m flowloom.runner.infrastructure.conditions.worker`` writes ``ready`` once it has
imported cel-python, then answers one JSON request a line on stdin with one JSON answer a line
on stdout. The runner kills it when an answer outlives the time budget (a thread could not be
stopped), and it dies with the runner.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import json
import os
import signal
import sys
from collections.abc import Mapping
from typing import Any

READY = b"ready\n"
_BYTES = "\x00bytes"  # tags a bytes value: no output name holds a NUL character
_PR_SET_PDEATHSIG = 1


def request_line(expression: str, context: Mapping[str, object] | None) -> bytes:
    """A request: compile ``expression`` (``context`` None) or evaluate it on ``context``."""
    body = {"expression": expression, "context": context}
    return json.dumps(body, default=_tagged, separators=(",", ":")).encode() + b"\n"


def _tagged(value: object) -> object:
    if isinstance(value, bytes):
        return {_BYTES: base64.b64encode(value).decode()}
    raise TypeError(f"a condition cannot see a {type(value).__name__}")


def _untagged(mapping: dict[str, Any]) -> object:
    if len(mapping) == 1 and isinstance(mapping.get(_BYTES), str):
        return base64.b64decode(mapping[_BYTES])
    return mapping


def answer(line: bytes) -> dict[str, object]:
    """``{"holds": bool}`` for an evaluation, ``{"problem": str | None}`` otherwise."""
    from flowloom.runner.infrastructure.conditions.cel import (
        ConditionError,
        compile_problem,
        evaluate,
    )

    request = json.loads(line, object_hook=_untagged)
    expression, context = request["expression"], request["context"]
    try:
        if context is None:
            return {"problem": compile_problem(expression)}
        return {"holds": evaluate(expression, context)}
    except ConditionError as error:
        return {"problem": error.message}
    except Exception as error:
        return {"problem": f"the condition could not be evaluated ({type(error).__name__})"}


def main() -> None:
    _die_with_parent()
    from flowloom.runner.infrastructure.conditions import cel  # noqa: F401 (import before ready)

    out = sys.stdout.buffer
    out.write(READY)
    out.flush()
    for line in sys.stdin.buffer:
        out.write(json.dumps(answer(line)).encode() + b"\n")
        out.flush()


def _die_with_parent() -> None:
    """SIGKILL when the runner dies, so an evaluation never outlives it (Linux only)."""
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        sys.exit(0)  # the runner died before the signal was set


if __name__ == "__main__":
    main()
