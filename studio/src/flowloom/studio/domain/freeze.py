"""Freezing a workflow into an immutable version: what is deployed on the runner."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from flowloom.studio.domain.actions import ActionKind, PublishedAction, Resources
from flowloom.studio.domain.bindings import (
    Binding,
    FileBinding,
    LiteralBinding,
    Ref,
    RefBinding,
    SecretBinding,
    VariableBinding,
)
from flowloom.studio.domain.catalogue import Catalogue
from flowloom.studio.domain.conditions import Analyses
from flowloom.studio.domain.errors import WorkflowInvalid
from flowloom.studio.domain.io import IoItem, IoType, LiteralValue, OutputSpec
from flowloom.studio.domain.triggers import ActionTrigger, CronTrigger, ManualTrigger
from flowloom.studio.domain.validation import validate
from flowloom.studio.domain.variables import ProjectVariable
from flowloom.studio.domain.workflow import Retry, Step, Workflow

# What a frozen input holds: no variables any more (resolved to literals or files).
FrozenBinding = LiteralBinding | RefBinding | SecretBinding | FileBinding


@dataclass(frozen=True)
class FrozenAction:
    """A published action resolved to one version: what the runner starts."""

    technical_name: str
    version: str
    kind: ActionKind
    artefact: str
    inputs: tuple[IoItem, ...] = ()
    outputs: tuple[IoItem, ...] = ()
    resources: Resources = field(default_factory=Resources)


@dataclass(frozen=True)
class FrozenStep:
    """A step with its action resolved; ``timeout_seconds`` None: the action's resources.time."""

    id: str
    action: FrozenAction
    inputs: Mapping[str, FrozenBinding] = field(default_factory=dict)
    when: str = ""
    retry: Retry = field(default_factory=Retry)
    timeout_seconds: float | None = None
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class FrozenActionTrigger:
    """A source action resolved to one version, with its (literal or file) inputs."""

    action: FrozenAction
    inputs: Mapping[str, FrozenBinding] = field(default_factory=dict)


FrozenTrigger = FrozenActionTrigger | ManualTrigger | CronTrigger


@dataclass(frozen=True)
class FrozenVersion:
    """Version ``number`` of a workflow: immutable (read-only mappings included), self-contained,
    ready to deploy."""

    workflow_id: str
    version_id: str
    project: str
    name: str
    number: int
    trigger: FrozenTrigger
    description: str = ""
    steps: tuple[FrozenStep, ...] = ()
    results: Mapping[str, Ref] = field(default_factory=dict)


def freeze(
    workflow: Workflow,
    catalogue: Catalogue,
    variables: Mapping[str, ProjectVariable],
    number: int,
    *,
    secrets: Collection[str],
    conditions: Analyses,
    schedule: str | None,
    version_id: str | None = None,
) -> FrozenVersion:
    """Version ``number`` of ``workflow``; WorkflowInvalid (with every problem) if it is not valid.

    Each action is resolved to a concrete published version (the newest when the workflow names
    none) with its artefact and IO; variables become literals (file variables become files);
    secrets stay names; unbound inputs with a default get the default as a literal; integer
    literals of float inputs become floats. ``version_id`` defaults to ``<workflow id>-v<number>``.
    File bindings are expected to hold object-store keys by now.
    """
    problems = validate(workflow, catalogue, variables, secrets, conditions, schedule)
    if problems:
        raise WorkflowInvalid(problems)
    trigger = workflow.trigger
    assert trigger is not None  # validated
    frozen_trigger: FrozenTrigger
    if isinstance(trigger, ActionTrigger):
        action = _find(catalogue, trigger.action, trigger.version)
        extra = tuple(_declared(o) for o in trigger.outputs)
        frozen_trigger = FrozenActionTrigger(
            _frozen_action(action, extra), _inputs(action, trigger.inputs, variables)
        )
    else:
        frozen_trigger = trigger
    return FrozenVersion(
        workflow_id=workflow.id,
        version_id=version_id or f"{workflow.id}-v{number}",
        project=workflow.project,
        name=workflow.name,
        number=number,
        trigger=frozen_trigger,
        description=workflow.description,
        steps=tuple(_frozen_step(step, catalogue, variables) for step in workflow.steps),
        results=MappingProxyType(dict(workflow.results)),
    )


def _frozen_step(
    step: Step, catalogue: Catalogue, variables: Mapping[str, ProjectVariable]
) -> FrozenStep:
    action = _find(catalogue, step.action, step.version)
    return FrozenStep(
        id=step.id,
        action=_frozen_action(action),
        inputs=_inputs(action, step.inputs, variables),
        when=step.when,
        retry=step.retry or Retry(),
        timeout_seconds=step.timeout_seconds,
        needs=step.needs,
    )


def _find(catalogue: Catalogue, name: str, version: str | None) -> PublishedAction:
    action = catalogue.find(name, version)
    assert action is not None  # validated
    return action


def _frozen_action(action: PublishedAction, extra: tuple[IoItem, ...] = ()) -> FrozenAction:
    return FrozenAction(
        technical_name=action.technical_name,
        version=action.version,
        kind=action.kind,
        artefact=action.artefact,
        inputs=action.inputs,
        outputs=(*action.outputs, *extra),
        resources=action.resources,
    )


def _declared(output: OutputSpec) -> IoItem:
    return IoItem(
        output.name, output.type, enum_values=output.enum_values, optional=output.optional
    )


def _inputs(
    action: PublishedAction,
    bindings: Mapping[str, Binding],
    variables: Mapping[str, ProjectVariable],
) -> Mapping[str, FrozenBinding]:
    """Read-only inputs in the action's declaration order."""
    frozen: dict[str, FrozenBinding] = {}
    for spec in action.inputs:
        binding = bindings.get(spec.name)
        if binding is None:
            if spec.has_default:
                frozen[spec.name] = LiteralBinding(_typed(spec.type, spec.default))
            continue
        if isinstance(binding, VariableBinding):
            variable = variables[binding.name]
            if variable.type.is_file:
                frozen[spec.name] = FileBinding(str(variable.value))
                continue
            binding = LiteralBinding(variable.value)
        if isinstance(binding, LiteralBinding):
            binding = LiteralBinding(_typed(spec.type, binding.value))
        frozen[spec.name] = binding
    return MappingProxyType(frozen)


def _typed(input_type: IoType, value: LiteralValue) -> LiteralValue:
    """An integer given to a float input is a float once frozen."""
    if input_type is IoType.FLOAT and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value
