"""`when` conditions in the Common Expression Language, by servicekit's condition environment
(the one definition the studio checks with), with the runner's error.

These functions run in the condition worker process (see ``worker.py``), never on the runner's
event loop: a condition within the limits can still loop for minutes over large lists.
"""

from __future__ import annotations

from collections.abc import Mapping

from flowloom.runner.domain.errors import ConditionFailed
from flowloom.servicekit import conditions
from flowloom.servicekit.conditions import compile_problem, limit_problem, shown

__all__ = ["ConditionError", "compile_problem", "evaluate", "limit_problem", "shown"]


class ConditionError(ConditionFailed):
    """The expression does not parse, or does not evaluate to a boolean on this run's data."""


def evaluate(expression: str, context: Mapping[str, object]) -> bool:
    """The condition's value on ``context``; ConditionError when it is not a boolean."""
    try:
        return conditions.evaluate(expression, context)
    except conditions.ConditionError as error:
        raise ConditionError(error.message) from None
