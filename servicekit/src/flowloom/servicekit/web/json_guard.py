"""What a JSON request body may hold, checked before any parser or database sees it.

Every service takes JSON bodies whose values end in PostgreSQL or SQLite, through pydantic
and `json`: invalid UTF-8, nesting deep enough to exhaust the recursion limit, integers
beyond 64 bits (a database integer), numbers that overflow to infinity, `NaN`/`Infinity`
(accepted by Python's `json`, not JSON) and the NUL character (PostgreSQL text and `jsonb`
refuse it) would otherwise each end in a 500. `json_problem(body)` names the first such fault
and where it is; the body-limit middleware answers it 422 for every JSON body.
"""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from flowloom.servicekit.web.problems import field_path

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# The bound of an SQL INTEGER column (a path or query parameter compared with one).
INT32_MAX = 2**31 - 1
# Objects and arrays inside each other: a workflow definition needs about 8; user values
# (run inputs, variables) are free-form but rarely past 10. Far below the recursion limit.
MAX_JSON_DEPTH = 64

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")
# Opening brackets to 1 and closing ones to -1, read as signed bytes.
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
# Hints that the careful parse is needed (besides an escaped NUL): a long digit run (an
# integer past 64 bits has at least 19 digits), a large exponent, NaN or Infinity.
_SUSPECT_NUMBER = re.compile(rb"\d{19}|[eE][+-]?\d{3}|NaN|Infinity")


@dataclass(frozen=True, slots=True)
class JsonProblem:
    """What is wrong (`message`) and where (`field`: `body`, `body.inputs.n`)."""

    field: str
    message: str


class _Bad:
    """A number the careful parse refused, left in the tree to be found with its path."""

    def __init__(self, message: str) -> None:
        self.message = message


def json_problem(body: bytes, max_depth: int = MAX_JSON_DEPTH) -> JsonProblem | None:
    """The first fault of a JSON body that the services must refuse, or None (a body that is
    not JSON at all is left to the parser, which answers it 422 as malformed)."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        return JsonProblem("body", f"is not UTF-8 (invalid byte at offset {error.start})")
    depth = nesting(body)
    if depth > max_depth:
        return JsonProblem("body", f"is nested {depth} levels deep; the limit is {max_depth}")
    if b"\\u0000" not in body and _SUSPECT_NUMBER.search(body) is None:
        return None
    return _careful(body)


def nesting(body: bytes) -> int:
    """How deep objects and arrays nest (strings skipped), without parsing or recursion."""
    brackets = _STRING.sub(b"", body).translate(None, _NOT_BRACKETS)
    return max(accumulate(array("b", brackets.translate(_STEPS))), default=0)


def _careful(body: bytes) -> JsonProblem | None:
    try:
        document = json.loads(
            body, parse_int=_integer, parse_float=_float, parse_constant=_constant
        )
    except ValueError:
        return None  # malformed: the parser behind says so
    for path, value in _walk(document, ("body",)):
        if isinstance(value, _Bad):
            return JsonProblem(field_path(path), value.message)
        if isinstance(value, str) and "\0" in value:
            return JsonProblem(field_path(path), "holds the NUL character (\\u0000)")
    return None


def _integer(text: str) -> int | _Bad:
    number = int(text)
    if INT64_MIN <= number <= INT64_MAX:
        return number
    return _Bad(f"is an integer beyond 64 bits (from {INT64_MIN} to {INT64_MAX})")


def _float(text: str) -> float | _Bad:
    number = float(text)
    return number if abs(number) != float("inf") else _Bad("is a number too large for a double")


def _constant(text: str) -> _Bad:
    return _Bad(f"{text} is not a JSON number")


def _walk(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every value with its path, depth first (the depth is bounded before this runs)."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            if "\0" in key:
                yield (*path, key), _Bad("names a field holding the NUL character (\\u0000)")
            yield from _walk(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))
