"""YAML nodes (with their line numbers): the file's node tree, its plain data, a path's node."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from flowloom.studio.infrastructure.workflow_file.errors import FileProblem, WorkflowFileError

Scalar = str | int | float | bool | bytes | None
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


@dataclass(frozen=True)
class Unreadable:
    """A scalar a workflow cannot hold (a date, an unknown tag): refused, with ``message``, by
    whichever field of the shape receives it (none does when it sits in an unknown field)."""

    message: str


@dataclass(eq=False)
class Plain:
    """The plain data (dicts, lists, scalars) of a node tree, for the shape to validate.

    Mistakes of YAML itself (a field name that is not text, a field given twice) are recorded
    with their line and the path of their mapping. A node shared through an alias is read once.
    """

    loader: yaml.SafeLoader
    filename: str
    found: list[tuple[str, FileProblem]] = field(init=False, default_factory=list)
    # The data of each node read, by its id: a node shared through an alias is read once.
    read: dict[int, Any] = field(init=False, default_factory=dict)

    def problems(self, refused: list[str]) -> list[FileProblem]:
        """The mistakes found, but those in a mapping the shape ``refused`` as a whole (a field
        that must be text or is unknown): that refusal says enough."""
        return [problem for mapping, problem in self.found if not _within(mapping, refused)]

    def _error(self, node: Node, mapping: str, path: str, message: str) -> None:
        line = node.start_mark.line + 1
        self.found.append((mapping, FileProblem(self.filename, line, path, message)))

    def data(self, node: Node, path: str = "") -> Any:
        if id(node) in self.read:
            return self.read[id(node)]
        if isinstance(node, MappingNode):
            fields: dict[str, Any] = {}
            self.read[id(node)] = fields
            for name, value in self._fields(node, path):
                fields[name] = self.data(value, join(path, name))
            return fields
        if isinstance(node, SequenceNode):
            items: list[Any] = []
            self.read[id(node)] = items
            items.extend(self.data(item, join(path, i)) for i, item in enumerate(node.value))
            return items
        self.read[id(node)] = scalar = self._scalar(node)
        return scalar

    def _fields(self, node: MappingNode, path: str) -> list[tuple[str, Node]]:
        fields: dict[str, Node] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else None
            if not isinstance(name, str) or key.tag != "tag:yaml.org,2002:str":
                hint = f' (write "{name}" in quotes)' if isinstance(key, ScalarNode) else ""
                message = f"field names must be text, not {kind_of(key)}{hint}"
                self._error(key, path, path, message)
            elif name in fields:
                self._error(key, path, join(path, name), "is given more than once")
            else:
                fields[name] = value
        return list(fields.items())

    def _scalar(self, node: Node) -> Scalar | Unreadable:
        try:
            value = self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as error:
            return Unreadable(f"cannot be read: {getattr(error, 'problem', error)}")
        if isinstance(value, date):
            return Unreadable(f'is read as a date: write "{node.value}" in quotes for text')
        if not isinstance(value, str | int | float | bool | bytes | type(None)):
            return Unreadable(f"is not a value a workflow can hold ({node.value!r})")
        return value


def _within(path: str, paths: list[str]) -> bool:
    return any(
        not outer or path == outer or path.startswith((f"{outer}.", f"{outer}[")) for outer in paths
    )


def locate(root: Node, parts: list[str | int]) -> tuple[Node | None, Node]:
    """``(key node or None, value node)`` at ``parts`` below ``root``; where the path ends
    before (a field that is missing), the last node it reaches."""
    key: Node | None = None
    node = root
    for part in parts:
        found = _child(node, part)
        if found is None:
            return key, node
        key, node = found
    return key, node


def _child(node: Node, part: str | int) -> tuple[Node | None, Node] | None:
    if isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
        return None, node.value[part]
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if key.tag == "tag:yaml.org,2002:str" and key.value == part:
                return key, value
    return None


def join(path: str, name: str | int) -> str:
    """``steps[1]`` + ``inputs`` → ``steps[1].inputs``; integers are list positions."""
    if isinstance(name, int):
        return f"{path}[{name}]"
    return f"{path}.{name}" if path else name


def kind_of(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"{node.value!r}" if isinstance(node, ScalarNode) else "this"
