"""Reading YAML nodes (with their line numbers) into typed values, collecting problems."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import TypeVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from flowloom.studio.infrastructure.workflow_file.errors import FileProblem, WorkflowFileError

T = TypeVar("T")
Scalar = str | int | float | bool | bytes | None
_NAMES = {str: "text", int: "an integer", float: "a number", bool: "true or false"}
# What YAML 1.1 allows in a stream (PyYAML's reader refuses anything else).
_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def compose(text: str | bytes, filename: str) -> tuple[Node | None, yaml.SafeLoader]:
    """The YAML node tree of ``text`` (None for an empty file); WorkflowFileError if not YAML."""
    try:
        source = text.decode("utf-8") if isinstance(text, bytes) else text
    except UnicodeDecodeError as error:
        raise WorkflowFileError(
            [FileProblem(filename, None, "", f"is not UTF-8 text (byte {error.start})")]
        ) from None
    _refuse_control_characters(source, filename)
    loader = yaml.SafeLoader(source)
    try:
        return loader.get_single_node(), loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        message = f"not valid YAML: {error.problem or error.context}"
        raise WorkflowFileError([FileProblem(filename, line, "", message)]) from None
    except yaml.YAMLError as error:
        raise WorkflowFileError(
            [FileProblem(filename, None, "", f"not valid YAML: {error}")]
        ) from None
    except RecursionError:
        message = "is nested too deeply (lists and mappings inside each other)"
        raise WorkflowFileError([FileProblem(filename, None, "", message)]) from None


def _refuse_control_characters(source: str, filename: str) -> None:
    """WorkflowFileError naming the line and column of the first character YAML refuses (NUL
    and the other control characters but tab and line ends): PyYAML's own refusal names no
    line, and a NUL would reach the database otherwise."""
    found = _UNPRINTABLE.search(source)
    if found is None:
        return
    line = source.count("\n", 0, found.start()) + 1
    column = found.start() - (source.rfind("\n", 0, found.start()) + 1) + 1
    message = (
        f"holds the control character U+{ord(found.group()):04X} at column {column}: "
        "a workflow file is text"
    )
    raise WorkflowFileError([FileProblem(filename, line, "", message)])


class Nodes:
    """Typed access to YAML nodes; every mistake is recorded in ``problems`` with its line."""

    def __init__(self, loader: yaml.SafeLoader, filename: str) -> None:
        self.loader = loader
        self.filename = filename
        self.problems: list[FileProblem] = []

    def error(self, node: Node | None, path: str, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else None
        self.problems.append(FileProblem(self.filename, line, path, message))

    def mapping(
        self, node: Node, path: str, allowed: tuple[str, ...] | None = None
    ) -> dict[str, tuple[Node, Node]] | None:
        """``key -> (key node, value node)``; None (and a problem) when not a mapping."""
        if not isinstance(node, MappingNode):
            self.error(node, path, f"must be a mapping of fields, not {_kind(node)}")
            return None
        fields: dict[str, tuple[Node, Node]] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else None
            if not isinstance(name, str) or key.tag != "tag:yaml.org,2002:str":
                hint = f' (write "{name}" in quotes)' if isinstance(key, ScalarNode) else ""
                self.error(key, path, f"field names must be text, not {_kind(key)}{hint}")
            elif name in fields:
                self.error(key, join(path, name), "is given more than once")
            elif allowed is not None and name not in allowed:
                self.error(key, join(path, name), f"unknown field (allowed: {', '.join(allowed)})")
            else:
                fields[name] = (key, value)
        return fields

    def sequence(self, node: Node, path: str) -> list[Node]:
        if not isinstance(node, SequenceNode):
            self.error(node, path, f"must be a list, not {_kind(node)}")
            return []
        return list(node.value)

    def scalar(self, node: Node, path: str) -> tuple[bool, Scalar]:
        """``(True, value)`` for a scalar a workflow can hold, else ``(False, None)``."""
        if not isinstance(node, ScalarNode):
            self.error(node, path, f"must be a single value, not {_kind(node)}")
            return False, None
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as error:
            self.error(node, path, f"cannot be read: {getattr(error, 'problem', error)}")
            return False, None
        if isinstance(value, date):
            self.error(node, path, f'is read as a date: write "{node.value}" in quotes for text')
            return False, None
        if not isinstance(value, str | int | float | bool | bytes | type(None)):
            self.error(node, path, f"is not a value a workflow can hold ({node.value!r})")
            return False, None
        return True, value

    def typed(self, node: Node, path: str, kind: type[T]) -> T | None:
        """The scalar if it is of ``kind`` (an int is accepted for a float), else a problem."""
        ok, value = self.scalar(node, path)
        if not ok:
            return None
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)  # type: ignore[return-value]
        if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return value
        shown = node.value if isinstance(node, ScalarNode) else ""
        hint = f' (write "{shown}" in quotes)' if kind is str and value is not None else ""
        self.error(node, path, f"must be {_NAMES.get(kind, kind.__name__)}, not {shown!r}{hint}")
        return None

    def text(self, node: Node, path: str) -> str | None:
        """A non-empty string."""
        value = self.typed(node, path, str)
        if value is not None and not value.strip():
            self.error(node, path, "must not be empty")
            return None
        return value

    def each(
        self,
        fields: dict[str, tuple[Node, Node]],
        name: str,
        path: str,
        read: Callable[[Node, str], T | None],
    ) -> T | None:
        """``read`` the field ``name`` when present."""
        if name not in fields:
            return None
        return read(fields[name][1], join(path, name))


def join(path: str, name: str | int) -> str:
    """``steps[1]`` + ``inputs`` → ``steps[1].inputs``; integers are list positions."""
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else name


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"{node.value!r}" if isinstance(node, ScalarNode) else "this"
