"""Collects every scan error of one metadata document, each with its field path and line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flowloom.repository.domain.action import ScanError

FieldPath = tuple[str | int, ...]
Locate = Callable[[FieldPath], int | None]


def render_path(path: FieldPath) -> str:
    """Render ("spec", "inputs", 2, "type") as "spec.inputs[2].type"."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def describe(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    names |= {list: "a list", dict: "a mapping", type(None): "empty"}
    return names.get(type(value), type(value).__name__)


@dataclass(eq=False)
class Findings:
    locate: Locate
    file_path: str
    errors: list[ScanError] = field(init=False, default_factory=list)

    def add(self, path: FieldPath, message: str) -> None:
        self.errors.append(
            ScanError(self.file_path, self.line_of(path), render_path(path) or None, message)
        )

    def line_of(self, path: FieldPath) -> int | None:
        # A missing field has no line of its own: report the closest enclosing one.
        for end in range(len(path), -1, -1):
            line = self.locate(path[:end])
            if line is not None:
                return line
        return None

    def string(self, path: FieldPath, value: object, low: int, high: int) -> str | None:
        if not isinstance(value, str):
            self.add(path, f"{render_path(path)} must be a string, not {describe(value)}.")
            return None
        if not low <= len(value) <= high:
            self.add(
                path,
                f"{render_path(path)} must be {low} to {high} characters long "
                f"(it has {len(value)}).",
            )
            return None
        return value

    def string_list(
        self, path: FieldPath, value: object, max_items: int, low: int, high: int
    ) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.add(path, f"{render_path(path)} must be a list, not {describe(value)}.")
            return ()
        if len(value) > max_items:
            self.add(
                path,
                f"{render_path(path)} may have at most {max_items} entries (it has {len(value)}).",
            )
        items = [self.string((*path, i), item, low, high) for i, item in enumerate(value)]
        return tuple(item for item in items if item is not None)

    def mapping(self, path: FieldPath, value: object) -> dict[str, object] | None:
        if not isinstance(value, dict):
            self.add(path, f"{render_path(path)} must be a mapping, not {describe(value)}.")
            return None
        return {str(key): item for key, item in value.items()}

    def unknown_keys(
        self, path: FieldPath, mapping: dict[str, object], allowed: tuple[str, ...]
    ) -> None:
        where = render_path(path) or "the top level"
        for key in mapping:
            if key not in allowed:
                self.add(
                    (*path, key),
                    f"Unknown key '{key}' in {where}: allowed keys are {', '.join(allowed)}.",
                )

    def required(self, path: FieldPath, mapping: dict[str, object], keys: tuple[str, ...]) -> bool:
        missing = [key for key in keys if mapping.get(key) is None]
        for key in missing:
            self.add((*path, key), f"{render_path((*path, key))} is required.")
        return not missing
