"""What a step condition (``when``, CEL) refers to, as the ConditionChecker port reads it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class ConditionReference:
    """A use of ``trigger.outputs.<output>`` or ``steps.<node>.outputs.<output>``.

    ``node`` is ``trigger`` or a step id; ``output`` is None when the expression uses the node
    without naming one output (``steps.a.outputs``, ``steps.a``); ``member`` is a name read on
    the node itself (``trigger.text``, ``steps.a.state``): a node has only ``outputs`` (and a
    step its ``state``).
    """

    node: str
    output: str | None = None
    member: str | None = None  # a name read on the node itself (`trigger.text`), not an output


@dataclass(frozen=True)
class ConditionAnalysis:
    """What a condition refers to, or why it does not parse (``error`` not None).

    ``unknown_names`` lists the free identifiers other than ``trigger`` and ``steps``: the run
    context has no such names, so evaluating them always fails. ``type_error`` says why the
    expression cannot give true or false on outputs of their declared types (an operator on
    types it does not take, a result that is not a boolean), as the runner would evaluate it.
    """

    error: str | None = None
    references: tuple[ConditionReference, ...] = ()
    unknown_names: tuple[str, ...] = ()
    type_error: str | None = None


Analyses = Mapping[str, ConditionAnalysis]
"""The analysis of each step's condition, by step id (what validation reads)."""

Declared = Mapping[str, Mapping[str, str]]
"""The outputs a step's condition may read: by node (``trigger`` or a step that runs before it),
output name → type name."""
