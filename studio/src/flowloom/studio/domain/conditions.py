"""The port that reads step conditions (``when``, CEL) for validation."""

from __future__ import annotations

import abc
from dataclasses import dataclass


@dataclass(frozen=True)
class ConditionReference:
    """A use of ``trigger.outputs.<output>`` or ``steps.<node>.outputs.<output>``.

    ``node`` is ``trigger`` or a step id; ``output`` is None when the expression uses the node
    without naming one output (``steps.a.outputs``, ``steps.a``).
    """

    node: str
    output: str | None = None


@dataclass(frozen=True)
class ConditionAnalysis:
    """What a condition refers to, or why it does not parse (``error`` not None).

    ``unknown_names`` lists the free identifiers other than ``trigger`` and ``steps``: the run
    context has no such names, so evaluating them always fails.
    """

    error: str | None = None
    references: tuple[ConditionReference, ...] = ()
    unknown_names: tuple[str, ...] = ()


class ConditionChecker(abc.ABC):
    """Parses a condition the way the runner evaluates it.

    Run-time context: ``{"trigger": {"outputs": {...}}, "steps": {"<id>": {"outputs": {...}}}}``.
    """

    @abc.abstractmethod
    def analyse(self, expression: str) -> ConditionAnalysis:
        """Parse ``expression``; never raises for a bad expression (``error`` says why)."""
