"""`when` conditions in the Common Expression Language, compiled once and cached."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import celpy
from celpy.adapter import json_to_cel
from celpy.celparser import CELParseError
from celpy.celtypes import BoolType
from celpy.evaluation import CELEvalError

from flowloom.runner.domain.errors import ConditionFailed
from flowloom.runner.domain.ports import ConditionEvaluator

_environment = celpy.Environment()


class ConditionError(ConditionFailed):
    """The expression does not parse, or does not evaluate to a boolean on this run's data."""


@lru_cache(maxsize=1024)
def _program(expression: str) -> Any:
    try:
        return _environment.program(_environment.compile(expression))
    except CELParseError as error:
        column = getattr(error, "column", None)
        where = f" at column {column}" if column else ""
        raise ConditionError(f"invalid condition {expression!r}: syntax error{where}") from None


class CelConditionEvaluator(ConditionEvaluator):
    """Context: `{"trigger": {"outputs": {...}}, "steps": {"<id>": {"outputs": {...}}}}`."""

    def validate(self, expression: str) -> str | None:
        try:
            _program(expression)
        except ConditionError as error:
            return str(error)
        return None

    def evaluate(self, expression: str, context: Mapping[str, object]) -> bool:
        program = _program(expression)
        activation = {name: json_to_cel(value) for name, value in context.items()}  # type: ignore[arg-type]
        try:
            result = program.evaluate(activation)
        except CELEvalError as error:
            raise ConditionError(f"condition {expression!r} failed: {error.args[0]}") from None
        if isinstance(result, CELEvalError):
            raise ConditionError(f"condition {expression!r} failed: {result.args[0]}")
        if not isinstance(result, BoolType):
            raise ConditionError(f"condition {expression!r} gave {result!r}, not true or false")
        return bool(result)
