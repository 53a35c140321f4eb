"""Typed values: the IO types of docs/action-format.md, IO specifications, the values that flow."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from enum import StrEnum
from typing import BinaryIO

from flowloom.runner.domain.errors import ValidationFailed


class IoType(StrEnum):
    """The IO types of an action's inputs and outputs."""

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
        """The type named ``text``; the legacy ``table`` is a file."""
        if text == "table":
            return cls.FILE
        try:
            return cls(text)
        except ValueError:
            raise ValidationFailed("type", f"unknown IO type {text!r}") from None

    @property
    def is_file(self) -> bool:
        return self in (IoType.FILE, IoType.DIRECTORY)


@dataclass(frozen=True)
class IoSpec:
    """One declared input or output of an action (or output of a trigger)."""

    name: str
    type: IoType
    optional: bool = False
    enum_values: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredFile:
    """A file (or a directory as a zip archive) in the object store."""

    key: str
    name: str
    size: int | None = None
    directory: bool = False


@dataclass(frozen=True)
class FileKey:
    """A static file of the workflow, already in the object store (a literal's value)."""

    key: str

    @property
    def name(self) -> str:
        return posixpath.basename(self.key)


@dataclass(frozen=True)
class FileContent:
    """A file handed over by a source, a manual run or a webhook, not yet stored: its bytes,
    or (an upload) an open binary file, read from its start and never whole into memory."""

    name: str
    content: bytes | BinaryIO
    directory: bool = False


Value = str | int | float | bool | bytes | StoredFile | None
TriggerValue = Value | FileContent  # what sources, forms and webhooks hand over


@dataclass(frozen=True)
class IoValue:
    """A typed value; ``secret`` marks a value taken from a password or a project secret.

    Masked values are hidden wherever shown; a project secret's value is never stored (the
    stored copy has ``value`` None).
    """

    type: IoType
    value: Value
    secret: bool = False

    @property
    def masked(self) -> bool:
        return self.secret or self.type is IoType.PASSWORD

    def for_display(self) -> IoValue:
        return IoValue(self.type, None, secret=True) if self.masked else self


def check_value(spec: IoSpec, value: object) -> str | None:
    """Why ``value`` does not fit ``spec``, or None when it does."""
    if value is None:
        return None if spec.optional else "is required"
    if spec.type.is_file:
        return None if isinstance(value, FileContent | StoredFile) else "must be a file"
    expected = _PYTHON_TYPES[spec.type]
    # bool is an int in Python: refuse True for an integer explicitly.
    if not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected):
        return f"must be of type {spec.type}"
    if spec.type is IoType.ENUM and value not in spec.enum_values:
        return f"must be one of {', '.join(spec.enum_values)}"
    return None


def normalized(spec: IoSpec, value: Value) -> Value:
    """``value`` in the canonical Python type of ``spec`` (an int given for a float...)."""
    if spec.type is IoType.FLOAT and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


_PYTHON_TYPES: dict[IoType, tuple[type, ...]] = {
    IoType.STRING: (str,),
    IoType.LONGSTRING: (str,),
    IoType.PASSWORD: (str,),
    IoType.ENUM: (str,),
    IoType.INTEGER: (int,),
    IoType.FLOAT: (int, float),
    IoType.BOOLEAN: (bool,),
    IoType.BYTES: (bytes,),
}


_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})


def from_text(spec: IoSpec, text: object) -> object:
    """A form field (always text) read as ``spec``'s type; other values are left as they are.

    Text that cannot be read as the type is returned unchanged, so that ``check_value`` then
    reports the mismatch with the field's name.
    """
    if not isinstance(text, str) or spec.type.is_file:
        return text
    try:
        if spec.type is IoType.INTEGER:
            return int(text)
        if spec.type is IoType.FLOAT:
            return float(text)
    except ValueError:
        return text
    if spec.type is IoType.BOOLEAN:
        lowered = text.strip().lower()
        return True if lowered in _TRUE else False if lowered in _FALSE else text
    if spec.type is IoType.BYTES:
        return text.encode()
    return text
