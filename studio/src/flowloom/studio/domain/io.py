"""IO types of actions (docs/action-format.md), their compatibility, and typed literal values."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

from flowloom.studio.domain.errors import ValidationFailed


class IoType(StrEnum):
    """The type of an action input or output, of a trigger output and of a project variable."""

    STRING = "string"
    LONGSTRING = "longstring"
    PASSWORD = "password"  # noqa: S105 (a type name, not a password)
    INTEGER = "integer"
    FLOAT = "float"
    BOOLEAN = "boolean"
    ENUM = "enum"
    FILE = "file"
    DIRECTORY = "directory"
    BYTES = "bytes"

    @classmethod
    def parse(cls, text: str) -> IoType:
        """The type named ``text``; the legacy ``table`` is a ``file``."""
        if text == "table":
            return cls.FILE
        try:
            return cls(text)
        except ValueError:
            names = ", ".join(t.value for t in cls)
            raise ValidationFailed("type", f"unknown type {text!r} (one of {names})") from None

    @property
    def is_file(self) -> bool:
        return self in (IoType.FILE, IoType.DIRECTORY)


# Which source types (a step output, a trigger output, a project variable) an input of a given
# type accepts besides its own type. Legacy ``table`` never appears: it is parsed as ``file``.
ACCEPTED_SOURCES: dict[IoType, frozenset[IoType]] = {
    IoType.STRING: frozenset({IoType.STRING, IoType.LONGSTRING}),
    IoType.LONGSTRING: frozenset({IoType.LONGSTRING, IoType.STRING}),
    IoType.PASSWORD: frozenset({IoType.PASSWORD, IoType.STRING, IoType.LONGSTRING}),
    IoType.INTEGER: frozenset({IoType.INTEGER}),
    IoType.FLOAT: frozenset({IoType.FLOAT, IoType.INTEGER}),
    IoType.BOOLEAN: frozenset({IoType.BOOLEAN}),
    IoType.ENUM: frozenset({IoType.ENUM}),
    IoType.FILE: frozenset({IoType.FILE}),
    IoType.DIRECTORY: frozenset({IoType.DIRECTORY}),
    IoType.BYTES: frozenset({IoType.BYTES}),
}


def accepts(input_type: IoType, source_type: IoType) -> bool:
    """Whether a value of ``source_type`` may feed an input of ``input_type``."""
    return source_type in ACCEPTED_SOURCES[input_type]


# A literal value as a user writes it; files are never literals (see FileBinding).
LiteralValue = str | int | float | bool | bytes | None


@dataclass(frozen=True)
class IoItem:
    """One declared input or output of a published action.

    ``default`` is meaningful only when ``has_default`` (a default may be ``None``).
    """

    name: str
    type: IoType
    human_name: str = ""
    help: str = ""
    enum_values: tuple[str, ...] = ()
    optional: bool = False
    has_default: bool = False
    default: LiteralValue = None

    @property
    def required(self) -> bool:
        """Whether a workflow must bind this input (not optional and no default)."""
        return not self.optional and not self.has_default


@dataclass(frozen=True)
class OutputSpec:
    """An output a manual or cron trigger (or a source with dynamic outputs) declares."""

    name: str
    type: IoType
    optional: bool = False
    enum_values: tuple[str, ...] = ()


def describe_value(value: LiteralValue) -> str:
    """A short description of ``value`` for messages: ``the integer 30``, ``the text "x"``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, float):
        return f"the number {value}"
    if isinstance(value, bytes):
        return f"{len(value)} bytes"
    return f"the text {json.dumps(value)}"


def literal_problem(
    input_type: IoType, value: LiteralValue, *, optional: bool, enum_values: tuple[str, ...]
) -> str | None:
    """Why ``value`` cannot be the literal of an input of this type, or None when it can.

    Rules: text for string, longstring, password and enum (one of ``enum_values``); an integer
    (never a boolean) for integer; an integer or a number for float; true/false for boolean;
    bytes for bytes; never a literal for file and directory (bind a static file instead);
    null only for an optional input.
    """
    if value is None:
        return None if optional else "is not optional, so it cannot be null"
    if input_type.is_file:
        return f"is a {input_type}: bind a static file ({{file: ...}}) or a reference instead"
    ok = _fits(input_type, value)
    if not ok:
        return f"expects {_expected(input_type)}, got {describe_value(value)}"
    out_of_range = isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX
    if input_type is IoType.INTEGER and out_of_range:
        return f"expects a 64-bit integer (from {INT64_MIN} to {INT64_MAX}), got {value!r}"
    if input_type is IoType.ENUM and value not in enum_values:
        allowed = ", ".join(json.dumps(v) for v in enum_values)
        return f"expects one of {allowed}, got {describe_value(value)}"
    return None


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _fits(input_type: IoType, value: LiteralValue) -> bool:
    if input_type in (IoType.STRING, IoType.LONGSTRING, IoType.PASSWORD, IoType.ENUM):
        return isinstance(value, str)
    if input_type is IoType.INTEGER:
        return isinstance(value, int) and not isinstance(value, bool)
    if input_type is IoType.FLOAT:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if input_type is IoType.BOOLEAN:
        return isinstance(value, bool)
    return isinstance(value, bytes)


def _expected(input_type: IoType) -> str:
    return {
        IoType.INTEGER: "an integer",
        IoType.FLOAT: "a number",
        IoType.BOOLEAN: "true or false",
        IoType.BYTES: "bytes",
    }.get(input_type, f"text ({input_type})")
