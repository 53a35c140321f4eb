"""A small JSON Schema (draft 2020-12) checker for the keywords the workflow schema uses.

``jsonschema`` is not installed in this workspace; this covers exactly the vocabulary below,
and ``unsupported_keywords`` makes a test fail if the schema starts using anything else.
"""

from __future__ import annotations

import re
from typing import Any

ANNOTATIONS = {"$schema", "$id", "title", "description"}
KEYWORDS = ANNOTATIONS | {
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "pattern",
    "minLength",
    "minimum",
    "exclusiveMinimum",
    "oneOf",
    "$ref",
    "$defs",
}
_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def unsupported_keywords(schema: Any, path: str = "#") -> list[str]:
    """Keywords of ``schema`` (recursively) this checker does not implement."""
    if not isinstance(schema, dict):
        return []
    found = [f"{path}/{key}" for key in schema if key not in KEYWORDS]
    for key in ("properties", "$defs"):
        for name, sub in schema.get(key, {}).items():
            found += unsupported_keywords(sub, f"{path}/{key}/{name}")
    for key in ("items", "additionalProperties"):
        found += unsupported_keywords(schema.get(key), f"{path}/{key}")
    for index, sub in enumerate(schema.get("oneOf", [])):
        found += unsupported_keywords(sub, f"{path}/oneOf/{index}")
    return found


def errors(
    schema: dict[str, Any], value: Any, root: dict[str, Any] | None = None, at: str = ""
) -> list[str]:
    """Why ``value`` does not conform to ``schema`` (empty: it conforms)."""
    root = root or schema
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return errors(target, value, root, at)
    found: list[str] = []
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else types
        if not any(_TYPES[name](value) for name in names):
            return [f"{at or '/'}: {value!r} is not of type {names}"]
    if "const" in schema and value != schema["const"]:
        found.append(f"{at}: must be {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{at}: {value!r} not in enum")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            found.append(f"{at}: too short")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{at}: does not match {schema['pattern']}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            found.append(f"{at}: below minimum")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            found.append(f"{at}: not above exclusiveMinimum")
    if isinstance(value, dict):
        found += _object_errors(schema, value, root, at)
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += errors(schema["items"], item, root, f"{at}/{index}")
    if "oneOf" in schema:
        matching = [s for s in schema["oneOf"] if not errors(s, value, root, at)]
        if len(matching) != 1:
            found.append(f"{at}: matches {len(matching)} of oneOf, not exactly 1")
    return found


def _object_errors(
    schema: dict[str, Any], value: dict[str, Any], root: dict[str, Any], at: str
) -> list[str]:
    found = [
        f"{at}/{name}: is required" for name in schema.get("required", []) if name not in value
    ]
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        if name in properties:
            found += errors(properties[name], item, root, f"{at}/{name}")
        elif extra is False:
            found.append(f"{at}/{name}: is not allowed")
        elif isinstance(extra, dict):
            found += errors(extra, item, root, f"{at}/{name}")
    return found
