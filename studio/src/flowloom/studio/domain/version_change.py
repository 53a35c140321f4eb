"""Moving a step (or the trigger) to another action version, keeping the bindings that fit."""

from __future__ import annotations

from dataclasses import dataclass, replace

from flowloom.studio.domain.bindings import TRIGGER, Binding
from flowloom.studio.domain.catalogue import Catalogue
from flowloom.studio.domain.errors import Conflict, NotFound
from flowloom.studio.domain.triggers import ActionTrigger
from flowloom.studio.domain.workflow import Workflow


@dataclass(frozen=True)
class DroppedBinding:
    """A binding removed by a version change, and why (a sentence for the user)."""

    input: str
    reason: str


@dataclass(frozen=True)
class VersionChange:
    """The workflow after the change and the bindings it dropped, in binding order."""

    workflow: Workflow
    dropped: tuple[DroppedBinding, ...] = ()


def change_action_version(
    workflow: Workflow, node: str, version: str | None, catalogue: Catalogue
) -> VersionChange:
    """Point step ``node`` (or the trigger, ``node`` = ``trigger``) at ``version`` of its action
    (None: always the newest).

    A binding is kept when the new version declares an input of the same name and, if the old
    version is known and declared it too, of the same type; the others are dropped and
    reported. NotFound when the new version is not published; Conflict when the trigger is not
    an action trigger.
    """
    if node == TRIGGER:
        if not isinstance(workflow.trigger, ActionTrigger):
            raise Conflict("only an action trigger has a version")
        name, old_version, inputs = (
            workflow.trigger.action,
            workflow.trigger.version,
            workflow.trigger.inputs,
        )
    else:
        step = workflow.step(node)
        name, old_version, inputs = step.action, step.version, step.inputs
    new = catalogue.find(name, version)
    if new is None:
        wanted = f"version {version}" if version else "any version"
        raise NotFound(f"{wanted} of the action '{name}' is not published")
    old = catalogue.find(name, old_version)
    kept: dict[str, Binding] = {}
    dropped: list[DroppedBinding] = []
    for input_name, binding in inputs.items():
        now, before = new.input(input_name), old.input(input_name) if old else None
        if now is None:
            dropped.append(
                DroppedBinding(
                    input_name, f"version {new.version} of '{name}' has no input '{input_name}'"
                )
            )
        elif before is not None and before.type is not now.type:
            dropped.append(
                DroppedBinding(
                    input_name,
                    f"input '{input_name}' is now of type {now.type} (it was {before.type})",
                )
            )
        else:
            kept[input_name] = binding
    if node == TRIGGER:
        assert isinstance(workflow.trigger, ActionTrigger)
        changed = workflow.set_trigger(replace(workflow.trigger, version=version, inputs=kept))
    else:
        changed = workflow.replace_step(replace(step, version=version, inputs=kept))
    return VersionChange(changed, tuple(dropped))
