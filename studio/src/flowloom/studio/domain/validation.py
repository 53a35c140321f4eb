"""Validating a workflow: every problem a user must fix before it can be deployed."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from flowloom.studio.domain.catalogue import Catalogue
from flowloom.studio.domain.conditions import Analyses
from flowloom.studio.domain.graph import cycles
from flowloom.studio.domain.problems import Code, Problem
from flowloom.studio.domain.scope import Scope
from flowloom.studio.domain.step_rules import step_problems
from flowloom.studio.domain.trigger_rules import trigger_problems
from flowloom.studio.domain.variables import ProjectVariable
from flowloom.studio.domain.workflow import Workflow


def validate(
    workflow: Workflow,
    catalogue: Catalogue,
    variables: Mapping[str, ProjectVariable],
    secrets: Collection[str],
    conditions: Analyses,
    schedule: str | None,
) -> list[Problem]:
    """Every problem of ``workflow``; an empty list means it can be frozen and deployed.

    ``variables`` are the project's variables by name, ``secrets`` the names of its secrets,
    ``conditions`` the analysis of each step's ``when`` (by step id), ``schedule`` why the cron
    trigger's schedule would not fire (the ScheduleReader's verdict; None when it fires or the
    trigger is not a cron).
    Order: the trigger (or ``no_trigger``), then each step in workflow order (its own problems
    first, then its inputs by name; a cycle is reported on its first step), then the results.
    Checks that depend on something unknown (the outputs of an unknown action...) are skipped
    so that one mistake gives one problem.
    """
    scope = Scope(workflow, catalogue, variables, secrets, conditions, schedule)
    problems = _sorted(trigger_problems(scope))
    loops = {path[0]: path for path in cycles(scope.upstream)}
    seen: set[str] = set()
    for step in workflow.steps:
        found = step_problems(scope, step, seen)
        if step.id in loops and step.id not in seen:
            found.append(_cycle_problem(loops[step.id]))
        seen.add(step.id)
        problems += _sorted(found)
    return problems + _result_problems(scope)


def _cycle_problem(path: list[str]) -> Problem:
    if len(path) == 2:
        message = f"step '{path[0]}' needs itself"
    else:
        names = ", ".join(f"'{node}'" for node in sorted(set(path)))
        message = f"steps {names} depend on each other in a cycle: {' -> '.join(path)}"
    return Problem(Code.CYCLE, path[0], None, message)


def _result_problems(scope: Scope) -> list[Problem]:
    problems = []
    for name, target in scope.workflow.results.items():
        outputs = scope.outputs.get(target.node, {})
        if target.node not in scope.outputs:
            why = f"there is no step '{target.node}'"
        elif outputs is not None and target.output not in outputs:
            why = f"{scope.node_label(target.node)} has no output '{target.output}'"
        else:
            continue
        problems.append(
            Problem(
                Code.UNKNOWN_RESULT_REFERENCE,
                None,
                None,
                f"result '{name}' takes {target}, but {why}",
            )
        )
    return problems


def _sorted(problems: list[Problem]) -> list[Problem]:
    """Node-level problems first, then by input name; generation order otherwise (stable)."""
    return sorted(problems, key=lambda p: (p.input is not None, p.input or ""))
