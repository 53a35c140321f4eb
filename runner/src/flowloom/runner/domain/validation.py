"""The graph rules a workflow version must follow to be deployed."""

from __future__ import annotations

from collections.abc import Mapping

from flowloom.runner.domain.errors import DeploymentRejected
from flowloom.runner.domain.graph import find_cycle, upstream_of
from flowloom.runner.domain.workflow import (
    TRIGGER,
    ActionTrigger,
    CronTrigger,
    Literal,
    Ref,
    Step,
    WorkflowVersion,
)


def validate_version(version: WorkflowVersion, condition_problems: Mapping[str, str]) -> None:
    """Raise DeploymentRejected listing every problem, each one a user can fix in the studio.

    ``condition_problems``: why a step's ``when`` is invalid, by expression (see
    ``ConditionEvaluator.validate``).
    """
    problems = [
        *_trigger_problems(version),
        *_step_id_problems(version),
        *_result_problems(version),
    ]
    for step in version.steps:
        problems += _binding_problems(version, step) + _step_setting_problems(
            step, condition_problems
        )
    cycle = find_cycle(upstream_of(version))
    if cycle:
        problems.append(f"steps form a cycle: {' -> '.join(cycle)}")
    if problems:
        raise DeploymentRejected(problems)


def _trigger_problems(version: WorkflowVersion) -> list[str]:
    trigger = version.trigger
    if isinstance(trigger, CronTrigger) and not trigger.schedule.strip():
        return ["the cron trigger needs a schedule"]
    if isinstance(trigger, ActionTrigger):
        return [
            f"trigger input '{name}' must be a literal value"
            for name, binding in trigger.inputs.items()
            if not isinstance(binding, Literal)
        ]
    return []


def _step_id_problems(version: WorkflowVersion) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for step in version.steps:
        if not step.id.strip():
            problems.append(f"a step running '{step.action.action_id}' has no id")
        elif step.id == TRIGGER:
            problems.append(f"'{TRIGGER}' is reserved: give the step another id")
        elif step.id in seen:
            problems.append(f"step id '{step.id}' is used more than once")
        seen.add(step.id)
    return problems


def _binding_problems(version: WorkflowVersion, step: Step) -> list[str]:
    where = f"step '{step.id}'"
    problems = [
        f"{where} needs unknown step '{need}'"
        for need in step.needs
        if version.outputs_of(need) is None or need == TRIGGER
    ]
    for name, binding in step.inputs.items():
        if step.action.input(name) is None:
            problems.append(f"{where} binds '{name}', not an input of '{step.action.action_id}'")
        elif isinstance(binding, Ref):
            problems += _ref_problems(version, binding, f"{where} input '{name}'")
    problems += [
        f"{where} leaves required input '{spec.name}' unbound"
        for spec in step.action.inputs
        if not spec.optional and spec.name not in step.inputs
    ]
    return problems


def _ref_problems(version: WorkflowVersion, ref: Ref, where: str) -> list[str]:
    outputs = version.outputs_of(ref.node)
    if outputs is None:
        return [f"{where} refers to unknown step '{ref.node}'"]
    if all(spec.name != ref.output for spec in outputs):
        node = "the trigger" if ref.node == TRIGGER else f"step '{ref.node}'"
        return [f"{where} refers to '{ref}' but {node} has no output '{ref.output}'"]
    return []


def _step_setting_problems(step: Step, condition_problems: Mapping[str, str]) -> list[str]:
    where = f"step '{step.id}'"
    problems: list[str] = []
    if step.retry.attempts < 1:
        problems.append(f"{where}: retry attempts must be at least 1")
    if step.retry.backoff_seconds < 0:
        problems.append(f"{where}: retry backoff must not be negative")
    if step.timeout_seconds < 0:
        problems.append(f"{where}: timeout must not be negative")
    error = condition_problems.get(step.when)
    if error:
        problems.append(f"{where} condition {step.quoted_when} is invalid: {error}")
    return problems


def _result_problems(version: WorkflowVersion) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for result in version.results:
        if result.name in seen:
            problems.append(f"result '{result.name}' is defined more than once")
        seen.add(result.name)
        problems += _ref_problems(version, result.ref, f"result '{result.name}'")
    return problems
