"""Typed values across the boundary: proto `Value` → Python inputs, returned outputs → checks."""

from __future__ import annotations

import numbers
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from flowloom.action_wrapper.errors import ExecutionError
from flowloom.action_wrapper.metadata import TEXT_TYPES, Io
from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_INPUT_FIELDS = {
    "integer": "integer_value",
    "boolean": "boolean_value",
    "bytes": "bytes_value",
    "file": "file_value",
    "directory": "file_value",
}


def check_input(io: Io, value: pb.Value | None) -> object:
    """Python value of an input: a scalar, None (optional null) or the `FileRef` to stage."""
    kind = value.WhichOneof("kind") if value is not None else None
    if value is None or kind in (None, "null_value"):
        if io.optional:
            return None
        problem = "is missing" if value is None else "is null but not optional"
        raise ExecutionError(f"input {io.name!r} {problem}")
    if io.type in TEXT_TYPES and kind == "string_value":
        return _check_enum("input", io, value.string_value)
    if io.type == "float" and kind in ("float_value", "integer_value"):
        return float(getattr(value, kind))
    if _INPUT_FIELDS.get(io.type) == kind:
        return getattr(value, kind)
    raise ExecutionError(f"input {io.name!r} has the wrong type: expected {io.type}, got {kind}")


def check_outputs(
    declared: Sequence[Io], returned: object, base: Path
) -> tuple[dict[str, object], list[str]]:
    """Validate what a handler returned; return checked values by name and warnings.

    Relative file paths are resolved against `base`. All problems are reported at once.
    """
    if returned is None:
        if declared:
            listed = ", ".join(repr(io.name) for io in declared)
            raise ExecutionError(f"the handler returned None but outputs are declared: {listed}")
        return {}, []
    if not isinstance(returned, Mapping):
        raise ExecutionError(f"the handler must return a dict, got {type(returned).__name__}")
    checked: dict[str, object] = {}
    problems: list[str] = []
    for io in declared:
        try:
            checked[io.name] = check_output(io, returned.get(io.name), base, io.name in returned)
        except ExecutionError as error:
            problems.append(str(error))
    if problems:
        raise ExecutionError("; ".join(problems))
    names = {io.name for io in declared}
    warnings = [f"output {key!r} is not declared: ignored" for key in returned if key not in names]
    return checked, warnings


def check_output(io: Io, value: object, base: Path, present: bool = True) -> object:
    """The checked value of one output: str, int, float, bool, bytes, an absolute Path or None."""
    if value is None:
        if io.optional:
            return None
        raise ExecutionError(f"output {io.name!r} is {'None' if present else 'missing'}")
    if io.type in TEXT_TYPES and isinstance(value, str):
        return _check_enum("output", io, value)
    if io.type == "integer" and isinstance(value, numbers.Integral) and not isinstance(value, bool):
        if not INT64_MIN <= int(value) <= INT64_MAX:
            raise ExecutionError(f"output {io.name!r} does not fit a 64-bit integer")
        return int(value)
    if io.type == "float" and isinstance(value, numbers.Real) and not isinstance(value, bool):
        return float(value)
    if io.type == "boolean" and isinstance(value, bool):
        return value
    if io.type == "bytes" and isinstance(value, bytes | bytearray):
        return bytes(value)
    if io.is_file and isinstance(value, str | os.PathLike):
        return _check_path(io, base / Path(value))
    expected = f"a path to a {io.type}" if io.is_file else io.type
    raise ExecutionError(
        f"output {io.name!r} has the wrong type: expected {expected}, got {type(value).__name__}"
    )


def to_value(value: object) -> pb.Value:
    """Proto `Value` of a checked scalar output (files are transferred by the caller)."""
    if value is None:
        return pb.Value(null_value=True)
    if isinstance(value, str):
        return pb.Value(string_value=value)
    if isinstance(value, bool):
        return pb.Value(boolean_value=value)
    if isinstance(value, int):
        return pb.Value(integer_value=value)
    if isinstance(value, float):
        return pb.Value(float_value=value)
    if isinstance(value, bytes):
        return pb.Value(bytes_value=value)
    raise TypeError(f"not a scalar output value: {type(value).__name__}")


def _check_enum(role: str, io: Io, text: str) -> str:
    if io.type == "enum" and io.enum_values and text not in io.enum_values:
        allowed = ", ".join(io.enum_values)
        raise ExecutionError(f"{role} {io.name!r} must be one of {allowed}, got {text!r}")
    return text


def _check_path(io: Io, path: Path) -> Path:
    exists = path.is_dir() if io.type == "directory" else path.is_file()
    if not exists:
        raise ExecutionError(f"output {io.name!r}: {io.type} {str(path)!r} does not exist")
    return path.absolute()
