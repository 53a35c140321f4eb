"""The ConditionChecker adapter: servicekit's condition environment (the runner's) parses a
condition, lists what it uses and type-checks it on outputs of their declared types."""

from __future__ import annotations

import asyncio
import dataclasses

from celpy.celparser import CELParseError
from lark import Token, Tree

from flowloom.servicekit.conditions import (
    LIMITS,
    OUTPUTS,
    ROOTS,
    parse,
    syntax_problem,
    type_problem,
)
from flowloom.studio.domain.conditions import ConditionAnalysis, ConditionReference, Declared
from flowloom.studio.domain.ports import ConditionChecker

_MACROS = frozenset({"all", "exists", "exists_one", "map", "filter"})
# Type names are identifiers in CEL (`type(x) == string`), not context variables.
_TYPE_NAMES = frozenset(
    {"int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type"}
)


@dataclasses.dataclass(eq=False)
class CelConditionChecker(ConditionChecker):
    """Parses like the runner's evaluator (same library) and walks the syntax tree.

    The limits are checked first, on the text; within them parsing is linear in at most
    ``LIMITS.max_bytes`` bytes and the tree is shallow enough for the walker, so a thread of
    the default executor does it (bounded: a thread cannot be stopped, but this one ends),
    and ``budget`` seconds is the most a caller waits for it.

    Recognised references: ``trigger.outputs.x``, ``steps.a.outputs.x`` and the index forms
    ``steps["a"].outputs["x"]`` (for ids with ``-``); a chain that stops early
    (``steps.a.outputs``) is a reference to the node without an output.
    """

    budget: float = 2.0
    # Read and written on the event loop.
    known: dict[str, ConditionAnalysis] = dataclasses.field(init=False, default_factory=dict)

    async def analyse(self, expression: str, declared: Declared) -> ConditionAnalysis:
        refused = _refused(expression)
        if refused is not None:
            return refused
        if expression not in self.known:
            try:
                found = await asyncio.wait_for(asyncio.to_thread(parsed, expression), self.budget)
            except TimeoutError:
                return ConditionAnalysis(error=f"parsing it took longer than {self.budget:g} s")
            if len(self.known) >= _KNOWN:
                self.known.clear()
            self.known[expression] = found
        found = self.known[expression]
        if found.error:
            return found
        try:
            typing = await asyncio.wait_for(
                asyncio.to_thread(type_problem, expression, declared), self.budget
            )
        except TimeoutError:
            typing = f"checking it took longer than {self.budget:g} s"
        return dataclasses.replace(found, type_error=typing)


_KNOWN = 1024  # analyses kept


def analysis(expression: str, declared: Declared) -> ConditionAnalysis:
    """``analyse`` without the time budget, blocking (for tests and tools)."""
    found = _refused(expression) or parsed(expression)
    if found.error:
        return found
    return dataclasses.replace(found, type_error=type_problem(expression, declared))


def _refused(expression: str) -> ConditionAnalysis | None:
    problem = LIMITS.problem(expression)
    return None if problem is None else ConditionAnalysis(error=f"it {problem}")


def parsed(expression: str) -> ConditionAnalysis:
    """The analysis of an expression within the limits (blocking: run it in a thread)."""
    try:
        tree = parse(expression)
    except CELParseError as error:
        return ConditionAnalysis(error=syntax_problem(error))
    except RecursionError:
        return ConditionAnalysis(error="it is nested too deeply")
    walker = _Walker()
    try:
        walker.visit(tree)
    except RecursionError:
        return ConditionAnalysis(error="it is nested too deeply")
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
        if root not in ROOTS:
            self.roots.append(root)
            return
        node, rest = ("trigger", chain[1:]) if root == "trigger" else (None, chain[1:])
        if node is None:
            if not rest:
                return
            node, rest = rest[0], rest[1:]
        if not rest:
            self.references.append(ConditionReference(node))
        elif rest[0] == OUTPUTS:
            self.references.append(ConditionReference(node, rest[1] if len(rest) > 1 else None))
        else:
            self.references.append(ConditionReference(node, member=rest[0]))

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
