"""What validation knows about a workflow: resolved actions and the outputs of every node."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from flowloom.studio.domain.actions import PublishedAction
from flowloom.studio.domain.bindings import TRIGGER
from flowloom.studio.domain.catalogue import Catalogue
from flowloom.studio.domain.conditions import Analyses, Declared
from flowloom.studio.domain.graph import Upstream, ancestors, upstream_of
from flowloom.studio.domain.io import IoType
from flowloom.studio.domain.triggers import ActionTrigger, CronTrigger, ManualTrigger
from flowloom.studio.domain.variables import ProjectVariable
from flowloom.studio.domain.workflow import Workflow

Outputs = dict[str, IoType]


@dataclass
class Scope:
    """The workflow with its actions resolved against the catalogue.

    ``outputs[node]`` maps output names to types; a node whose action is unknown maps to None
    (its outputs cannot be checked), a name absent from ``outputs`` is not a node at all.
    """

    workflow: Workflow
    catalogue: Catalogue
    variables: Mapping[str, ProjectVariable]
    secrets: Collection[str]
    conditions: Analyses
    schedule: str | None = None  # why the cron trigger's schedule would not fire (the reader's)
    actions: dict[str, PublishedAction | None] = field(default_factory=dict)
    outputs: dict[str, Outputs | None] = field(default_factory=dict)
    upstream: Upstream = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.upstream = upstream_of(self.workflow)
        self.outputs[TRIGGER] = self._trigger_outputs()
        for step in self.workflow.steps:
            if step.id in self.actions or step.id == TRIGGER:
                continue
            action = self.catalogue.find(step.action, step.version)
            self.actions[step.id] = action
            self.outputs[step.id] = {o.name: o.type for o in action.outputs} if action else None

    def _trigger_outputs(self) -> Outputs | None:
        match self.workflow.trigger:
            case ActionTrigger() as trigger:
                action = self.catalogue.find(trigger.action, trigger.version)
                self.actions[TRIGGER] = action
                if action is None:
                    return None
                declared = {o.name: o.type for o in trigger.outputs}
                return {**declared, **{o.name: o.type for o in action.outputs}}
            case ManualTrigger(outputs=outputs):
                return {o.name: o.type for o in outputs}
            case CronTrigger() as cron:
                return {o.name: o.type for o in cron.provided_outputs}
        return None

    def node_label(self, node: str) -> str:
        return "the trigger" if node == TRIGGER else f"step '{node}'"


def condition_outputs(workflow: Workflow, catalogue: Catalogue) -> dict[str, Declared]:
    """What each step's condition may read, by step id: the typed outputs of the trigger and
    of the steps that run before it (nodes whose action is unknown are left out)."""
    scope = Scope(workflow, catalogue, {}, (), {})
    declared: dict[str, Declared] = {}
    for step in workflow.steps:
        before = (ancestors(scope.upstream, step.id) - {step.id}) | {TRIGGER}
        declared[step.id] = {
            node: {name: str(kind) for name, kind in outputs.items()}
            for node in sorted(before)
            if (outputs := scope.outputs.get(node)) is not None
        }
    return declared
