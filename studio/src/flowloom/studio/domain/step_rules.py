"""Validation of one step: id, action and kind, bindings, needs, condition, retry, timeout."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Collection, Mapping

from flowloom.studio.domain.actions import PublishedAction
from flowloom.studio.domain.binding_rules import binding_problems
from flowloom.studio.domain.bindings import TRIGGER, Binding
from flowloom.studio.domain.conditions import ConditionAnalysis
from flowloom.studio.domain.graph import ancestors
from flowloom.studio.domain.problems import Code, Problem
from flowloom.studio.domain.scope import Scope
from flowloom.studio.domain.workflow import Step

_NOT_ANALYSED = ConditionAnalysis(error="it was not analysed")

STEP_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$")


def action_problems(
    scope: Scope, node: str, name: str, version: str | None
) -> tuple[PublishedAction | None, list[Problem]]:
    """The published action ``name``/``version`` of ``node``, or the problem finding it."""
    versions = scope.catalogue.versions(name)
    who = scope.node_label(node)
    if not versions:
        message = f"{who} uses the action '{name}', which is not published in this project"
        return None, [Problem(Code.UNKNOWN_ACTION, node, None, message)]
    action = scope.catalogue.find(name, version)
    if action is None:
        known = ", ".join(a.version for a in versions)
        message = f"{who} uses version {version} of '{name}', which does not exist (known: {known})"
        return None, [Problem(Code.UNKNOWN_VERSION, node, None, message)]
    return action, []


def step_problems(scope: Scope, step: Step, seen: set[str]) -> list[Problem]:
    """Every problem of ``step``; ``seen`` holds the ids of the steps before it."""
    problems = _id_problems(step, seen)
    action, found = action_problems(scope, step.id, step.action, step.version)
    problems += found
    if action is not None and action.kind.is_trigger:
        problems.append(
            Problem(
                Code.TRIGGER_ACTION_IN_STEP,
                step.id,
                None,
                f"step '{step.id}' uses {action.label}, a Source: a source can "
                "only be the trigger of a workflow",
            )
        )
    problems += input_problems(scope, step.id, action, step.inputs)
    problems += _needs_problems(scope, step) + _condition_problems(scope, step)
    return problems + _settings_problems(step)


def input_problems(
    scope: Scope,
    node: str,
    action: PublishedAction | None,
    inputs: Mapping[str, Binding],
    refused: Callable[[str, Binding], Problem | None] = lambda name, binding: None,
) -> list[Problem]:
    """Every problem of the inputs ``node`` binds: one ``action`` does not have, one badly
    bound (a binding ``refused`` has that problem alone), and (when the action is found) a
    required one left out."""
    problems = []
    for name, binding in inputs.items():
        spec = action.input(name) if action else None
        if action is not None and spec is None:
            problems.append(_unknown_input(node, name, action))
        wrong = refused(name, binding)
        problems += [wrong] if wrong else binding_problems(scope, node, name, binding, spec)
    if action is not None:
        problems += _missing_inputs(node, action, set(inputs))
    return problems


def _missing_inputs(node: str, action: PublishedAction, bound: set[str]) -> list[Problem]:
    who = "the trigger" if node == TRIGGER else f"step '{node}'"
    return [
        Problem(
            Code.MISSING_REQUIRED_INPUT,
            node,
            spec.name,
            f"{who} needs a value for its input '{spec.name}' ({spec.type}): it is not "
            "optional and has no default",
        )
        for spec in action.inputs
        if spec.required and spec.name not in bound
    ]


def _unknown_input(node: str, name: str, action: PublishedAction) -> Problem:
    known = ", ".join(spec.name for spec in action.inputs) or "none"
    who = "the trigger" if node == TRIGGER else f"step '{node}'"
    return Problem(
        Code.UNKNOWN_INPUT,
        node,
        name,
        f"{who} binds '{name}', but {action.label} has no such input (its inputs: {known})",
    )


def _id_problems(step: Step, seen: set[str]) -> list[Problem]:
    if step.id == TRIGGER:
        return [
            Problem(
                Code.RESERVED_STEP_ID,
                step.id,
                None,
                f"'{TRIGGER}' is reserved for the trigger: give the step another id",
            )
        ]
    if not STEP_ID.match(step.id):
        return [
            Problem(
                Code.INVALID_STEP_ID,
                step.id,
                None,
                f"step id '{step.id}' must be 1 to 64 letters, digits, '_' or '-', not "
                "starting with '-'",
            )
        ]
    if step.id in seen:
        return [
            Problem(
                Code.DUPLICATE_STEP_ID,
                step.id,
                None,
                f"step id '{step.id}' is used by more than one step",
            )
        ]
    return []


def _needs_problems(scope: Scope, step: Step) -> list[Problem]:
    problems = []
    for need in step.needs:
        if need == TRIGGER:
            why = "the trigger always comes first: remove it from needs"
        elif need not in scope.outputs:
            why = "there is no such step"
        else:
            continue
        message = f"step '{step.id}' needs '{need}', but {why}"
        problems.append(Problem(Code.UNKNOWN_REFERENCE, step.id, None, message))
    return problems


def _condition_problems(scope: Scope, step: Step) -> list[Problem]:
    if not step.when.strip():
        return []
    analysis = scope.conditions.get(step.id, _NOT_ANALYSED)
    shown = step.when if len(step.when) <= 80 else step.when[:80] + "…"
    where = f"step '{step.id}' condition {shown!r}"
    if analysis.error:
        return [
            Problem(Code.INVALID_CONDITION, step.id, None, f"{where} is invalid: {analysis.error}")
        ]
    reasons = _hyphenated_ids(scope, step) or _reference_problems(scope, step, analysis)
    if not reasons and analysis.type_error:
        reasons = [f"cannot run: {analysis.type_error}{_types_of(scope, analysis)}"]
    return [Problem(Code.INVALID_CONDITION, step.id, None, f"{where} {r}") for r in reasons]


def _hyphenated_ids(scope: Scope, step: Step) -> list[str]:
    """``steps.str-to-txt`` reads as a subtraction: an id with ``-`` is reached by index."""
    return [
        f"reads 'steps.{node}' as a subtraction: write steps['{node}'].outputs.<name>"
        for node in scope.outputs
        if "-" in node and re.search(rf"\bsteps\s*\.\s*{re.escape(node)}\b", step.when)
    ]


def _reference_problems(scope: Scope, step: Step, analysis: ConditionAnalysis) -> list[str]:
    reasons = [
        f"uses '{name}': only trigger.outputs.<name> and steps.<id>.outputs.<name> are known"
        for name in analysis.unknown_names
    ]
    before = ancestors(scope.upstream, step.id) - {step.id}
    for reference in analysis.references:
        node, output = reference.node, reference.output
        if node != TRIGGER and node not in scope.outputs:
            reasons.append(f"uses step '{node}', which does not exist{_maybe(node, scope.outputs)}")
            continue
        if node != TRIGGER and node not in before:
            reasons.append(
                f"uses step '{node}', which does not run before '{step.id}' "
                f"(reference one of its outputs or add it to needs)"
            )
            continue
        outputs = scope.outputs[node]
        if reference.member is not None and not (node != TRIGGER and reference.member == "state"):
            reasons.append(
                f"reads '{reference.member}' on {scope.node_label(node)}, which has only "
                f"outputs: write {_path(node)}.outputs.{reference.member}"
            )
        elif output is not None and outputs is not None and output not in outputs:
            reasons.append(
                f"uses output '{output}' of {scope.node_label(node)}, which has no such output"
                f"{_maybe(output, outputs, f'{_path(node)}.outputs.')}"
            )
    return reasons


def _path(node: str) -> str:
    if node == TRIGGER:
        return TRIGGER
    return f"steps['{node}']" if "-" in node else f"steps.{node}"


def _maybe(name: str, known: Collection[str], prefix: str = "") -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {prefix}{close[0]}?)" if close else ""


def _types_of(scope: Scope, analysis: ConditionAnalysis) -> str:
    """The declared types of the outputs the condition reads, for a type mismatch."""
    typed = []
    for reference in analysis.references:
        outputs = scope.outputs.get(reference.node) or {}
        if reference.output is not None and reference.output in outputs:
            path = f"{_path(reference.node)}.outputs.{reference.output}"
            typed.append(f"{path} is {outputs[reference.output]}")
    return f" ({', '.join(dict.fromkeys(typed))})" if typed else ""


def _settings_problems(step: Step) -> list[Problem]:
    problems = []
    retry = step.retry
    if retry is not None and (retry.attempts < 1 or not _non_negative(retry.backoff_seconds)):
        problems.append(
            Problem(
                Code.INVALID_RETRY,
                step.id,
                None,
                f"step '{step.id}' retry must have at least 1 attempt and a "
                f"backoff of 0 seconds or more (got {retry.attempts} attempts, "
                f"{retry.backoff_seconds} s)",
            )
        )
    timeout = step.timeout_seconds
    if timeout is not None and not (_non_negative(timeout) and timeout > 0):
        problems.append(
            Problem(
                Code.INVALID_TIMEOUT,
                step.id,
                None,
                f"step '{step.id}' timeout must be a positive number of seconds (got {timeout})",
            )
        )
    return problems


def _non_negative(value: float) -> bool:
    return math.isfinite(value) and value >= 0
