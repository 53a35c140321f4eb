"""Validation of the inputs and outputs an action declares."""

from __future__ import annotations

from flowloom.repository.domain.action import IO_TYPES, IoItem
from flowloom.repository.domain.findings import (
    FieldPath,
    Findings,
    describe,
    is_number,
    render_path,
)

IO_KEYS = ("name", "human_name", "help", "type", "enum_values", "default_value", "optional")
MAX_OUTPUTS = 64
INT64 = 2**63
_STRING_TYPES = ("string", "longstring", "password", "file", "directory", "bytes")


def validate_io_list(findings: Findings, path: FieldPath, value: object) -> tuple[IoItem, ...]:
    if not isinstance(value, list):
        findings.add(path, f"{render_path(path)} must be a list, not {describe(value)}.")
        return ()
    is_input = path[-1] == "inputs"
    if not is_input and len(value) > MAX_OUTPUTS:
        findings.add(
            path,
            f"{render_path(path)} may have at most {MAX_OUTPUTS} outputs (it has {len(value)}).",
        )
    items: list[IoItem] = []
    first_index: dict[str, int] = {}
    for index, raw in enumerate(value):
        item = _io_item(findings, (*path, index), raw, is_input)
        name = raw.get("name") if isinstance(raw, dict) else None
        if isinstance(name, str) and name in first_index:
            findings.add(
                (*path, index, "name"),
                f"Duplicate {'input' if is_input else 'output'} name '{name}': "
                f"{render_path((*path, first_index[name]))} already uses it.",
            )
        elif isinstance(name, str):
            first_index[name] = index
        if item is not None:
            items.append(item)
    return tuple(items)


def _io_item(findings: Findings, path: FieldPath, raw: object, is_input: bool) -> IoItem | None:
    mapping = findings.mapping(path, raw)
    if mapping is None:
        return None
    before = len(findings.errors)
    findings.unknown_keys(path, mapping, IO_KEYS)
    findings.required(path, mapping, ("name", "human_name", "help", "type"))
    name = _optional_string(findings, (*path, "name"), mapping.get("name"), 1, 64)
    human_name = _optional_string(
        findings, (*path, "human_name"), mapping.get("human_name"), 0, 128
    )
    help_text = _optional_string(findings, (*path, "help"), mapping.get("help"), 0, 10000)
    io_type = _io_type(findings, (*path, "type"), mapping.get("type"))
    enum_values: tuple[str, ...] = ()
    if mapping.get("enum_values") is not None:
        enum_values = findings.string_list(
            (*path, "enum_values"), mapping["enum_values"], 64, 0, 10000
        )
    elif io_type == "enum":
        findings.add((*path, "type"), f"{render_path(path)} is an enum but has no enum_values.")
    optional = mapping.get("optional", False)
    if not isinstance(optional, bool):
        findings.add(
            (*path, "optional"),
            f"{render_path((*path, 'optional'))} must be true or false, not {describe(optional)}.",
        )
    default = mapping.get("default_value")
    if default is not None:
        if not is_input:
            findings.add(
                (*path, "default_value"),
                f"{render_path((*path, 'default_value'))} is only allowed on inputs.",
            )
        elif io_type is not None:
            _check_default(findings, (*path, "default_value"), default, io_type, enum_values)
    if len(findings.errors) > before:
        return None
    assert name is not None
    assert human_name is not None
    assert help_text is not None
    assert io_type is not None
    assert isinstance(optional, bool)
    return IoItem(name, human_name, help_text, io_type, enum_values, default, optional)


def _optional_string(
    findings: Findings, path: FieldPath, value: object, low: int, high: int
) -> str | None:
    # Absence was already reported by `required`.
    return None if value is None else findings.string(path, value, low, high)


def _io_type(findings: Findings, path: FieldPath, value: object) -> str | None:
    if value is None:
        return None
    if value not in IO_TYPES:
        findings.add(
            path,
            f"{render_path(path)} must be one of {', '.join(IO_TYPES)} (got {value!r}).",
        )
        return None
    assert isinstance(value, str)
    # `table` is the legacy name of a file input/output.
    return "file" if value == "table" else value


def _check_default(
    findings: Findings, path: FieldPath, value: object, io_type: str, enum_values: tuple[str, ...]
) -> None:
    if io_type in _STRING_TYPES or io_type == "enum":
        valid = isinstance(value, str)
        expected = "a string"
    elif io_type == "integer":
        valid = isinstance(value, int) and not isinstance(value, bool) and -INT64 <= value < INT64
        expected = "a 64-bit integer"
    elif io_type == "float":
        valid = is_number(value)
        expected = "a number"
    else:
        valid = isinstance(value, bool)
        expected = "true or false"
    if not valid:
        findings.add(
            path,
            f"{render_path(path)} must be {expected} for a {io_type} input, not {describe(value)}.",
        )
    elif io_type == "enum" and value not in enum_values:
        findings.add(path, f"{render_path(path)} {value!r} is not one of the enum_values.")
