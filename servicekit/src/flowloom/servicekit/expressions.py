"""Bounds on the size and shape of a C-like expression (CEL), checked before any parser sees it.

A parser and a tree-walking evaluator recurse once per level of the syntax tree and pay for each
level of nested comprehension with a loop: a few hundred bytes can exhaust the stack or run for
minutes. These limits are measured on the text with a small lexer that never recurses, so
checking them costs one pass over at most ``max_bytes`` bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COMPREHENSIONS = frozenset({"all", "exists", "exists_one", "map", "filter"})
_OPENING = frozenset("([{")
# Strings (with r/b prefixes, triple quotes, escapes) are skipped whole: their brackets and
# operators are text. Then numbers, names, operators, brackets; anything else is one character.
_TOKEN = re.compile(
    r"""\s+
    |(?P<string>[rRbB]{0,2}(?:'''(?:\\.|[^\\])*?'''|\"\"\"(?:\\.|[^\\])*?\"\"\"
        |'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"))
    |(?P<number>0[xX][0-9a-fA-F]+[uU]?|\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+|\d+[uU]?)
    |(?P<name>[A-Za-z_]\w*)
    |(?P<operator>&&|\|\||==|!=|<=|>=|[<>+\-*/%!?.])
    |(?P<bracket>[()\[\]{}])
    |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class ExpressionLimits:
    """The most an expression may hold; the defaults keep cel-python's evaluator within
    Python's default recursion limit with room to spare (measured in servicekit's tests)."""

    max_bytes: int = 4096
    max_depth: int = 12
    max_operators: int = 128
    max_comprehension_depth: int = 2

    def problem(self, text: str) -> str | None:
        """Which limit ``text`` exceeds, named with its value; None when it is within all.

        Unbalanced brackets and unknown characters are left to the parser to report.
        """
        size = len(text.encode())
        if size > self.max_bytes:
            return f"is {size} bytes long: the limit is {self.max_bytes} bytes"
        shape = measure(text)
        if shape.depth > self.max_depth:
            return f"nests brackets {shape.depth} levels deep: the limit is {self.max_depth} levels"
        if shape.operators > self.max_operators:
            return f"has {shape.operators} operators: the limit is {self.max_operators} operators"
        if shape.comprehension_depth > self.max_comprehension_depth:
            return (
                f"nests {shape.comprehension_depth} comprehensions "
                f"({', '.join(sorted(COMPREHENSIONS))}) in one another: the limit is "
                f"{self.max_comprehension_depth}"
            )
        return None


@dataclass(frozen=True)
class Shape:
    """What the limits look at: deepest bracket nesting, operator count (member ``.`` and
    index ``[`` included) and deepest nesting of comprehension macros (``.all(x, ...)``)."""

    depth: int
    operators: int
    comprehension_depth: int


def measure(text: str) -> Shape:
    """The shape of ``text``, in one pass over its tokens (strings and numbers are skipped
    whole, so an operator or a bracket inside a string literal does not count)."""
    stack: list[bool] = []  # one entry per open bracket: does it open a comprehension?
    depth = operators = comprehensions = deepest = 0
    previous: tuple[str, str] = ("", "")  # the last two significant tokens, as (kind, text)
    before_previous = ""
    for match in _TOKEN.finditer(text):
        kind, lexeme = match.lastgroup, match.group()
        if kind is None:
            continue  # whitespace
        if kind == "operator" or (kind == "name" and lexeme == "in"):
            operators += 1
        elif kind == "bracket" and lexeme in _OPENING:
            if lexeme == "[" and previous[0] in ("name", "string", "number", "close"):
                operators += 1  # an index, a level of the tree like a member access
            opens = lexeme == "(" and previous[1] in COMPREHENSIONS and before_previous == "."
            stack.append(opens)
            comprehensions += opens
            depth, deepest = max(depth, len(stack)), max(deepest, comprehensions)
        elif kind == "bracket" and stack:
            comprehensions -= stack.pop()
        before_previous = previous[1]
        closing = kind == "bracket" and lexeme not in _OPENING
        previous = ("close" if closing else kind, lexeme)
    return Shape(depth, operators, deepest)
