"""The ConditionChecker adapter: parses CEL with cel-python and lists what a condition uses."""

from __future__ import annotations

from functools import lru_cache

import celpy
from celpy.celparser import CELParseError
from lark import Token, Tree

from flowloom.studio.domain.conditions import (
    ConditionAnalysis,
    ConditionChecker,
    ConditionReference,
)

_ROOTS = ("trigger", "steps")
_MACROS = frozenset({"all", "exists", "exists_one", "map", "filter"})
# Type names are identifiers in CEL (`type(x) == string`), not context variables.
_TYPE_NAMES = frozenset(
    {"int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type"}
)
_environment = celpy.Environment()


class CelConditionChecker(ConditionChecker):
    """Parses like the runner's evaluator (same library) and walks the syntax tree.

    Recognised references: ``trigger.outputs.x``, ``steps.a.outputs.x`` and the index forms
    ``steps["a"].outputs["x"]`` (for ids with ``-``); a chain that stops early
    (``steps.a.outputs``) is a reference to the node without an output.
    """

    def analyse(self, expression: str) -> ConditionAnalysis:
        return _analyse(expression)


@lru_cache(maxsize=1024)
def _analyse(expression: str) -> ConditionAnalysis:
    try:
        tree = _environment.compile(expression)
    except CELParseError as error:
        column = getattr(error, "column", None)
        where = f" at column {column}" if column else ""
        return ConditionAnalysis(error=f"syntax error{where}")
    walker = _Walker()
    walker.visit(tree)
    unknown = [name for name in walker.roots if name not in walker.bound]
    return ConditionAnalysis(
        references=tuple(dict.fromkeys(walker.references)),
        unknown_names=tuple(dict.fromkeys(unknown)),
    )


class _Walker:
    """Collects references, free identifiers and macro variables of a parsed expression."""

    def __init__(self) -> None:
        self.references: list[ConditionReference] = []
        self.roots: list[str] = []
        self.bound: set[str] = set(_TYPE_NAMES)

    def visit(self, tree: Tree[Token]) -> None:
        if tree.data == "member":
            chain = self._chain(tree)
            if chain:
                self._record(chain)
            return
        for child in tree.children:
            if isinstance(child, Tree):
                self.visit(child)

    def _chain(self, member: Tree[Token]) -> list[str]:
        """The names of a ``member`` chain (``a.b["c"]`` → a, b, c); the parts that are not
        plain names, ``.name`` or ``["text"]`` (call arguments, computed indexes) are visited."""
        node = member.children[0]
        if not isinstance(node, Tree):
            return []
        if node.data == "primary":
            inner = node.children[0]
            if isinstance(inner, Tree) and inner.data == "ident":
                return [str(inner.children[0])]
            if isinstance(inner, Tree):
                self.visit(inner)
            return []
        base = node.children[0]
        names = self._chain(base) if isinstance(base, Tree) else []
        if node.data == "member_dot" and names:
            return [*names, str(node.children[1])]
        key = _string_literal(node.children[1]) if node.data == "member_index" else None
        if key is not None and names:
            return [*names, key]
        if node.data == "member_dot_arg":
            self._bind_macro_variable(node)
        for child in node.children[1:]:
            if isinstance(child, Tree):
                self.visit(child)
        return names

    def _record(self, chain: list[str]) -> None:
        root = chain[0]
        if root not in _ROOTS:
            self.roots.append(root)
        elif root == "trigger":
            output = chain[2] if len(chain) > 2 and chain[1] == "outputs" else None
            self.references.append(ConditionReference("trigger", output))
        elif len(chain) > 1:
            output = chain[3] if len(chain) > 3 and chain[2] == "outputs" else None
            self.references.append(ConditionReference(chain[1], output))

    def _bind_macro_variable(self, call: Tree[Token]) -> None:
        """``list.exists(x, p)``: ``x`` is a variable of the macro, not a context name."""
        arguments = call.children[2] if len(call.children) > 2 else None
        if str(call.children[1]) not in _MACROS or not isinstance(arguments, Tree):
            return
        first: object = arguments.children[0] if arguments.children else None
        while isinstance(first, Tree) and first.data != "ident" and len(first.children) == 1:
            first = first.children[0]
        if isinstance(first, Tree) and first.data == "ident":
            self.bound.add(str(first.children[0]))


def _string_literal(tree: object) -> str | None:
    """The text of an expression that is only a simple string literal (``"abc"``), else None."""
    while isinstance(tree, Tree) and len(tree.children) == 1:
        tree = tree.children[0]
    if isinstance(tree, Token) and tree.type == "STRING_LIT":
        text = str(tree)
        if len(text) >= 2 and text[0] in "\"'" and text[-1] == text[0] and "\\" not in text:
            return text[1:-1]
    return None
