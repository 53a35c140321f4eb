"""Validation of the trigger: a Source action with literal inputs, or a manual or cron trigger."""

from __future__ import annotations

from flowloom.studio.domain.binding_rules import trigger_binding_problem
from flowloom.studio.domain.bindings import TRIGGER
from flowloom.studio.domain.io import IoType, OutputSpec
from flowloom.studio.domain.problems import Code, Problem
from flowloom.studio.domain.schedules import timezone_problem
from flowloom.studio.domain.scope import Scope
from flowloom.studio.domain.step_rules import action_problems, input_problems
from flowloom.studio.domain.triggers import CRON_TIME, ActionTrigger, CronTrigger, ManualTrigger


def trigger_problems(scope: Scope) -> list[Problem]:
    """Problems of the trigger; ``no_trigger`` (workflow-level) when there is none."""
    match scope.workflow.trigger:
        case None:
            return [
                Problem(
                    Code.NO_TRIGGER,
                    None,
                    None,
                    "the workflow has no trigger: pick a source action, manual runs or "
                    "a cron schedule",
                )
            ]
        case ActionTrigger() as trigger:
            return _action_trigger_problems(scope, trigger)
        case ManualTrigger(outputs=outputs):
            return _declared_output_problems(outputs)
        case CronTrigger() as cron:
            problems = _declared_output_problems(cron.outputs)
            if any(o.name == CRON_TIME.name and o.type is not IoType.STRING for o in cron.outputs):
                problems.append(_output_problem("output 'time' is always the fire time, a string"))
            why = scope.schedule
            if why:
                problems.insert(
                    0, Problem(Code.INVALID_CRON, TRIGGER, None, f"cron trigger: {why}")
                )
            why = timezone_problem(cron.timezone)
            if why:
                problems.append(
                    Problem(Code.INVALID_TIMEZONE, TRIGGER, None, f"cron trigger: {why}")
                )
            return problems


def _action_trigger_problems(scope: Scope, trigger: ActionTrigger) -> list[Problem]:
    action, problems = action_problems(scope, TRIGGER, trigger.action, trigger.version)
    if action is not None and not action.kind.is_trigger:
        problems.append(
            Problem(
                Code.NOT_A_TRIGGER_ACTION,
                TRIGGER,
                None,
                f"the trigger uses {action.label}, a {action.kind}: only a "
                "Source action can be a trigger",
            )
        )
    problems += input_problems(scope, TRIGGER, action, trigger.inputs, trigger_binding_problem)
    if action is None:
        return problems + _declared_output_problems(trigger.outputs)
    if trigger.outputs and not action.dynamic_outputs:
        problems.append(
            _output_problem(f"{action.label} has no dynamic outputs: remove the declared outputs")
        )
    clashes = [o.name for o in trigger.outputs if action.output(o.name) is not None]
    problems += [
        _output_problem(f"output '{n}' is already an output of {action.label}") for n in clashes
    ]
    return problems + _declared_output_problems(trigger.outputs)


def _declared_output_problems(outputs: tuple[OutputSpec, ...]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for output in outputs:
        if not output.name.strip():
            problems.append(_output_problem("an output needs a name"))
        elif output.name in seen:
            problems.append(_output_problem(f"output '{output.name}' is declared more than once"))
        elif output.type is IoType.ENUM and not output.enum_values:
            problems.append(_output_problem(f"enum output '{output.name}' needs enum values"))
        seen.add(output.name)
    return problems


def _output_problem(message: str) -> Problem:
    return Problem(Code.INVALID_TRIGGER_OUTPUT, TRIGGER, None, f"trigger: {message}")
