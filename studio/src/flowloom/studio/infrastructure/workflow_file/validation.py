"""Validating a file's plain data with its shape; each mistake located at the line of its node."""

from __future__ import annotations

import types
from typing import Annotated, Any, Literal, NotRequired, Union, get_args, get_origin

from pydantic import Discriminator, Tag, ValidationError
from pydantic_core import ErrorDetails
from typing_extensions import get_type_hints, is_typeddict
from yaml.nodes import Node, ScalarNode

from flowloom.studio.infrastructure.workflow_file.errors import FileProblem
from flowloom.studio.infrastructure.workflow_file.nodes import Unreadable, join, kind_of, locate
from flowloom.studio.infrastructure.workflow_file.shape import (
    BINDING_FORMS,
    REF_PATTERN,
    WORKFLOW_FILE,
    WorkflowFile,
)

_EXPECTED = {
    "string_type": "text",
    "int_type": "an integer",
    "float_type": "a number",
    "bool_type": "true or false",
}
_NOT_A_MAPPING = ("dict_type", "model_type", "typed_dict_type")


def validated(
    data: Any, root: Node, filename: str
) -> tuple[WorkflowFile | None, list[FileProblem]]:
    """The file's data as its shape, or None and every mistake the shape finds, in order."""
    try:
        return WORKFLOW_FILE.validate_python(data, strict=True), []
    except ValidationError as failed:
        return None, [_problem(error, root, filename) for error in failed.errors()]


def _problem(error: ErrorDetails, root: Node, filename: str) -> FileProblem:
    parts, parent = _untagged(error["loc"])
    path = ""
    for part in parts:
        path = join(path, part)
    key, node = locate(root, parts)
    kind = error["type"]
    if kind == "missing":
        message = "is required" + _constant_hint(parts[-1], parent)
    elif kind == "extra_forbidden":
        allowed = ", ".join(get_type_hints(parent)) if is_typeddict(parent) else ""
        message = f"unknown field (allowed: {allowed})" if allowed else "unknown field"
        node = key or node
    else:
        message = _message(error, node)
    return FileProblem(filename, node.start_mark.line + 1, path, message)


def _message(error: ErrorDetails, node: Node) -> str:
    kind, value = error["type"], error["input"]
    if isinstance(value, Unreadable):
        return value.message
    if kind in _NOT_A_MAPPING:
        return f"must be a mapping of fields, not {kind_of(node)}"
    if kind == "list_type":
        return f"must be a list, not {kind_of(node)}"
    if kind in _EXPECTED:
        if not isinstance(node, ScalarNode):
            return f"must be a single value, not {kind_of(node)}"
        quote = kind == "string_type" and value is not None
        hint = f' (write "{node.value}" in quotes)' if quote else ""
        return f"must be {_EXPECTED[kind]}, not {node.value!r}{hint}"
    if kind == "literal_error":
        return f"must be {error.get('ctx', {}).get('expected')}, not {kind_of(node)}"
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == REF_PATTERN:
        return f'a reference must look like "step.output", not {value!r}'
    if kind in ("string_too_short", "string_pattern_mismatch"):
        return "must not be empty"
    if kind == "binding" and isinstance(value, list):
        return f"a list is not a value: use {BINDING_FORMS}"
    if kind == "binding":
        return f"must be {BINDING_FORMS}"
    return error["msg"]


def _constant_hint(name: str | int, parent: Any) -> str:
    """``: apiVersion: "flowloom.dev/v1"`` for a missing field that has a single value."""
    field = _bare(get_type_hints(parent).get(str(name))) if is_typeddict(parent) else None
    values = get_args(field) if get_origin(field) is Literal else ()
    return f': {name}: "{values[0]}"' if len(values) == 1 else ""


def _untagged(loc: tuple[str | int, ...]) -> tuple[list[str | int], Any]:
    """The path of ``loc`` in the file (without the tags of union members pydantic adds) and
    the type holding its last part."""
    kind: Any = WorkflowFile
    parent: Any = WorkflowFile
    parts: list[str | int] = []
    for part in loc:
        tagged = _tagged(kind)
        if tagged is not None:
            kind = _bare(tagged.get(str(part)))
            continue
        parent, kind = kind, _bare(_inner(kind, part))
        parts.append(part)
    return parts, _bare(parent)


def _inner(kind: Any, part: str | int) -> Any:
    if is_typeddict(kind):
        return get_type_hints(kind, include_extras=True).get(str(part))
    origin = get_origin(kind)
    if origin is list:
        return get_args(kind)[0]
    if origin is dict:
        return get_args(kind)[1]
    return None


def _tagged(kind: Any) -> dict[str, Any] | None:
    """``tag -> member`` of a discriminated union, else None."""
    if get_origin(kind) is not Annotated:
        return None
    union, *metadata = get_args(kind)
    if not any(isinstance(item, Discriminator) for item in metadata):
        return None
    members = {}
    for member in get_args(union):
        tags = [item for item in get_args(member)[1:] if isinstance(item, Tag)]
        members[tags[0].tag] = member
    return members


def _bare(kind: Any) -> Any:
    """``kind`` without NotRequired, None in a union, and Annotated (a discriminated union
    keeps its Annotated: the tags are there)."""
    while True:
        origin = get_origin(kind)
        if origin is NotRequired or (origin is Annotated and _tagged(kind) is None):
            kind = get_args(kind)[0]
        elif origin in (Union, types.UnionType) and type(None) in get_args(kind):
            kind = next(a for a in get_args(kind) if a is not type(None))
        else:
            return kind
