"""The condition environment: the one definition of what a step's ``when`` (CEL, cel-python)
sees and how it is compiled, evaluated and type-checked. The runner evaluates with it; the
studio checks with it at edit time, so a condition that passes the studio runs the same way.

The context of a condition::

    {"trigger": {"outputs": {"<name>": value}},
     "steps": {"<step id>": {"outputs": {"<name>": value}, "state": "<execution state>"}}}

Values are JSON-like (a file or directory output shows as its name, a string), ``bytes`` for
bytes outputs. Ids with ``-`` are reached by index: ``steps['str-to-txt'].outputs.text``.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import celpy
from celpy.adapter import json_to_cel
from celpy.celparser import CELParseError
from celpy.celtypes import BoolType, BytesType, DoubleType, IntType, ListType, MapType, StringType
from celpy.evaluation import CELEvalError
from lark import Token, Tree

from flowloom.servicekit.expressions import ExpressionLimits

LIMITS = ExpressionLimits()
ROOTS = ("trigger", "steps")
OUTPUTS = "outputs"

# What a value of each Flowloom type looks like in the context (see the module docstring):
# two samples per type, one "empty" and one not, for type-checking by evaluation.
SAMPLES: Mapping[str, tuple[object, object]] = {
    "string": ("", "x"),
    "longstring": ("", "x"),
    "password": ("", "x"),
    "enum": ("", "x"),
    "file": ("", "x"),
    "directory": ("", "x"),
    "integer": (0, 1),
    "float": (0.0, 1.0),
    "boolean": (False, True),
    "bytes": (b"", b"x"),
}

_environment = celpy.Environment()
_parsing = threading.Lock()  # cel-python's parser keeps the text being parsed on itself
_CEL_TYPES = {
    BoolType: "bool",
    BytesType: "bytes",
    DoubleType: "double",
    IntType: "int",
    StringType: "string",
    ListType: "list",
    MapType: "map",
}
_OPERATORS = {
    "relation_gt": ">",
    "relation_ge": ">=",
    "relation_lt": "<",
    "relation_le": "<=",
    "relation_eq": "==",
    "relation_ne": "!=",
    "relation_in": "in",
    "addition_add": "+",
    "addition_sub": "-",
    "multiplication_mul": "*",
    "multiplication_div": "/",
    "multiplication_mod": "%",
    "unary_neg": "-",
    "unary_not": "!",
}


class ConditionError(Exception):
    """The expression exceeds a limit, does not parse, or does not give a boolean."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def shown(expression: str, width: int = 80) -> str:
    """The expression quoted for a message, cut at ``width`` characters."""
    return repr(expression if len(expression) <= width else expression[:width] + "…")


def limit_problem(expression: str) -> str | None:
    """Which limit the expression exceeds (checked before any parsing), or None."""
    problem = LIMITS.problem(expression)
    return None if problem is None else f"the condition {problem}"


def parse(expression: str) -> Tree[Token]:
    """The syntax tree of an expression within the limits; CELParseError, RecursionError."""
    with _parsing:
        tree: Tree[Token] = _environment.compile(expression)
    return tree


def syntax_problem(error: CELParseError) -> str:
    column = getattr(error, "column", None)
    return f"syntax error at column {column}" if column else "syntax error"


@lru_cache(maxsize=1024)
def _program(expression: str) -> Any:
    problem = limit_problem(expression)
    if problem is not None:
        raise ConditionError(problem)
    try:
        return _environment.program(parse(expression))
    except CELParseError as error:
        raise ConditionError(
            f"invalid condition {shown(expression)}: {syntax_problem(error)}"
        ) from None
    except RecursionError:
        raise ConditionError(f"condition {shown(expression)} is nested too deeply") from None


def compile_problem(expression: str) -> str | None:
    """Why the expression does not compile, or None when it does."""
    try:
        _program(expression)
    except ConditionError as error:
        return error.message
    return None


def evaluate(expression: str, context: Mapping[str, object]) -> bool:
    """The condition's value on ``context``; ConditionError when it is not a boolean."""
    result = _result(expression, context)
    if isinstance(result, CELEvalError):
        raise ConditionError(f"condition {shown(expression)} failed: {result.args[0]}")
    if not isinstance(result, BoolType):
        raise ConditionError(
            f"condition {shown(expression)} gave {str(result)[:80]!r}, not true or false"
        )
    return bool(result)


def _result(expression: str, context: Mapping[str, object]) -> Any:
    program = _program(expression)
    activation = {name: to_cel(value) for name, value in context.items()}
    try:
        return program.evaluate(activation)
    except CELEvalError as error:
        return error
    except RecursionError:
        raise ConditionError(f"condition {shown(expression)} is nested too deeply") from None


def to_cel(value: object) -> Any:
    """A context value as CEL: JSON-like values, and bytes (outputs of type bytes)."""
    if isinstance(value, bytes):
        return BytesType(value)
    if isinstance(value, Mapping):
        return MapType({to_cel(key): to_cel(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return ListType([to_cel(item) for item in value])
    return json_to_cel(value)  # type: ignore[arg-type]


Declared = Mapping[str, Mapping[str, str]]
"""The outputs a condition may read, by node (``trigger`` or a step id): name → type name."""


def type_problem(expression: str, declared: Declared) -> str | None:
    """Why the expression cannot give true or false on outputs of the declared types, or None.

    Evaluated (as the runner does) on sample values of each declared type, once with every
    value empty and once with none empty: an operator or function applied to types it does
    not take, or a result that is not a boolean, is a problem. Errors of values (a division by
    zero, a missing key) are not: they depend on the run. An expression that does not compile
    gives ``compile_problem``'s message."""
    for index in (0, 1):
        context = _sample_context(declared, index)
        try:
            result = _result(expression, context)
        except ConditionError as error:
            return error.message
        if isinstance(result, CELEvalError):
            if len(result.args) > 1 and result.args[1] is TypeError:
                return _mismatch(str(result.args[0]))
            continue
        if not isinstance(result, BoolType):
            kind = _CEL_TYPES.get(type(result), type(result).__name__)
            return f"gives a {kind}, not true or false (compare it: == != < > …)"
    return None


def _sample_context(declared: Declared, index: int) -> dict[str, object]:
    def samples(outputs: Mapping[str, str]) -> dict[str, object]:
        return {name: SAMPLES.get(kind, ("", "x"))[index] for name, kind in outputs.items()}

    steps = {
        node: {OUTPUTS: samples(outputs), "state": "Success"}
        for node, outputs in declared.items()
        if node != "trigger"
    }
    return {"trigger": {OUTPUTS: samples(declared.get("trigger", {}))}, "steps": steps}


def _mismatch(message: str) -> str:
    """cel-python's overload error in the user's words: the operator and the CEL types."""
    rule = re.search(r"'(\w+_\w+)'\)", message)
    operator = _OPERATORS.get(rule[1]) if rule else None
    names = {cel.__name__: name for cel, name in _CEL_TYPES.items()}
    kinds = [names.get(found, found) for found in re.findall(r"celtypes\.(\w+)'", message)]
    if operator and kinds:
        return f"type mismatch: '{operator}' does not take {' and '.join(kinds)}"
    return "type mismatch: a function or operator does not take the types it is given"
