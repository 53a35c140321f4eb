"""Parses YAML and maps field paths to the 1-based line they are written on."""

from __future__ import annotations

from collections.abc import Callable

import yaml

FieldPath = tuple[str | int, ...]


class YamlSyntaxError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def parse_yaml(text: str) -> tuple[object, Callable[[FieldPath], int | None]]:
    """Return the plain document and its `locate` function, or raise YamlSyntaxError."""
    try:
        document: object = yaml.safe_load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        raise YamlSyntaxError(line, f"ryax_metadata.yaml is not valid YAML: {problem}.") from None
    return document, lambda path: _locate(root, path)


def _locate(root: yaml.Node | None, path: FieldPath) -> int | None:
    if root is None:
        return None
    node: yaml.Node = root
    line = root.start_mark.line + 1
    for part in path:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            entry = next((pair for pair in node.value if str(pair[0].value) == part), None)
            if entry is None:
                return None
            line, node = entry[0].start_mark.line + 1, entry[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                return None
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return None
    return line
