"""The workflow being edited: one trigger, steps bound to actions, results; editing operations."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from flowloom.studio.domain.bindings import TRIGGER, Binding, FileBinding, Ref, RefBinding
from flowloom.studio.domain.errors import Conflict, NotFound, ValidationFailed
from flowloom.studio.domain.triggers import ActionTrigger, Trigger


@dataclass(frozen=True)
class Retry:
    """``attempts`` in total (>= 1); ``backoff_seconds`` before the 2nd, doubling after."""

    attempts: int = 1
    backoff_seconds: float = 0.0


@dataclass(frozen=True)
class Step:
    """One node of the DAG: the action ``action`` (newest version when ``version`` is None).

    ``when`` is a CEL condition (empty: always); ``timeout_seconds`` None means the action's
    ``resources.time``; ``needs`` lists predecessors besides those implied by references.
    """

    id: str
    action: str
    version: str | None = None
    inputs: Mapping[str, Binding] = field(default_factory=dict)
    when: str = ""
    retry: Retry | None = None
    timeout_seconds: float | None = None
    needs: tuple[str, ...] = ()

    @property
    def refs(self) -> list[tuple[str, Ref]]:
        """``(input, ref)`` for every input bound to a reference, in binding order."""
        return [(n, b.ref) for n, b in self.inputs.items() if isinstance(b, RefBinding)]

    @property
    def upstream(self) -> tuple[str, ...]:
        """Predecessor node names (explicit ``needs`` then refs, without ``trigger``)."""
        nodes = [*self.needs, *(target.node for _, target in self.refs)]
        return tuple(dict.fromkeys(n for n in nodes if n != TRIGGER))


@dataclass(frozen=True)
class Workflow:
    """A workflow of a project. Frozen: every editing method returns a new workflow.

    Editing refuses what cannot be represented (an unknown step, a taken step id) with
    ``NotFound``/``Conflict``/``ValidationFailed``; everything else (a wrong type, a missing
    input...) is accepted and reported by ``validate`` so that a user can edit step by step.
    """

    id: str
    project: str
    name: str
    description: str = ""
    trigger: Trigger | None = None
    steps: tuple[Step, ...] = ()
    results: Mapping[str, Ref] = field(default_factory=dict)

    def step(self, step_id: str) -> Step:
        """The step ``step_id`` (its first occurrence); NotFound when there is none."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise NotFound(f"workflow '{self.name}' has no step '{step_id}'")

    def has_step(self, step_id: str) -> bool:
        return any(step.id == step_id for step in self.steps)

    def rename(self, name: str) -> Workflow:
        if not name.strip():
            raise ValidationFailed("name", "a workflow needs a name")
        return replace(self, name=name.strip())

    def describe(self, description: str) -> Workflow:
        return replace(self, description=description)

    def set_trigger(self, trigger: Trigger | None) -> Workflow:
        return replace(self, trigger=trigger)

    def add_step(self, step: Step) -> Workflow:
        """Append ``step``; Conflict when its id is taken or is ``trigger``."""
        if step.id == TRIGGER:
            raise Conflict(f"'{TRIGGER}' is reserved for the trigger: give the step another id")
        if not step.id.strip():
            raise ValidationFailed("id", "a step needs an id")
        if self.has_step(step.id):
            raise Conflict(f"workflow '{self.name}' already has a step '{step.id}'")
        return replace(self, steps=(*self.steps, step))

    def replace_step(self, step: Step) -> Workflow:
        """Replace the step with the same id, keeping its position."""
        self.step(step.id)
        return self._with_step(step.id, lambda _: step)

    def remove_step(self, step_id: str) -> Workflow:
        """Remove the step; references to it stay and are reported by validation."""
        self.step(step_id)
        return replace(self, steps=tuple(s for s in self.steps if s.id != step_id))

    def bind(self, node: str, input_name: str, binding: Binding) -> Workflow:
        """Bind an input of step ``node`` (or of the trigger when ``node`` is ``trigger``)."""
        if node == TRIGGER:
            trigger = self._action_trigger()
            return self.set_trigger(
                replace(trigger, inputs={**trigger.inputs, input_name: binding})
            )
        return self._with_step(node, lambda s: replace(s, inputs={**s.inputs, input_name: binding}))

    def unbind(self, node: str, input_name: str) -> Workflow:
        """Remove the binding of an input (no error when it was not bound)."""

        def without(inputs: Mapping[str, Binding]) -> dict[str, Binding]:
            return {name: b for name, b in inputs.items() if name != input_name}

        if node == TRIGGER:
            trigger = self._action_trigger()
            return self.set_trigger(replace(trigger, inputs=without(trigger.inputs)))
        return self._with_step(node, lambda s: replace(s, inputs=without(s.inputs)))

    def set_when(self, step_id: str, condition: str) -> Workflow:
        return self._with_step(step_id, lambda s: replace(s, when=condition.strip()))

    def set_retry(self, step_id: str, retry: Retry | None) -> Workflow:
        return self._with_step(step_id, lambda s: replace(s, retry=retry))

    def set_timeout(self, step_id: str, seconds: float | None) -> Workflow:
        return self._with_step(step_id, lambda s: replace(s, timeout_seconds=seconds))

    def set_needs(self, step_id: str, needs: tuple[str, ...]) -> Workflow:
        return self._with_step(step_id, lambda s: replace(s, needs=tuple(dict.fromkeys(needs))))

    def set_version(self, step_id: str, version: str | None) -> Workflow:
        """Point a step at another version as is; see ``change_action_version`` to keep only
        the bindings that still fit."""
        return self._with_step(step_id, lambda s: replace(s, version=version))

    def set_results(self, results: Mapping[str, Ref]) -> Workflow:
        return replace(self, results=dict(results))

    def copy(self, new_id: str | None = None) -> Workflow:
        """A copy with a new id named ``<name> (copy)``; step ids (used by refs) are kept."""
        return replace(self, id=new_id or str(uuid.uuid4()), name=f"{self.name} (copy)")

    def file_paths(self) -> list[str]:
        """The static file paths (or object-store keys) the workflow binds, in order, once."""
        bindings = [*self._trigger_inputs().values()]
        for step in self.steps:
            bindings += step.inputs.values()
        return list(dict.fromkeys(b.path for b in bindings if isinstance(b, FileBinding)))

    def rebind_files(self, paths: Mapping[str, str]) -> Workflow:
        """Replace static file paths by others (e.g. the object-store keys of imported files)."""

        def moved(inputs: Mapping[str, Binding]) -> dict[str, Binding]:
            return {
                name: FileBinding(paths.get(b.path, b.path)) if isinstance(b, FileBinding) else b
                for name, b in inputs.items()
            }

        trigger = self.trigger
        if isinstance(trigger, ActionTrigger):
            trigger = replace(trigger, inputs=moved(trigger.inputs))
        steps = tuple(replace(step, inputs=moved(step.inputs)) for step in self.steps)
        return replace(self, trigger=trigger, steps=steps)

    def _trigger_inputs(self) -> Mapping[str, Binding]:
        return self.trigger.inputs if isinstance(self.trigger, ActionTrigger) else {}

    def _action_trigger(self) -> ActionTrigger:
        if not isinstance(self.trigger, ActionTrigger):
            raise Conflict("only an action trigger has inputs")
        return self.trigger

    def _with_step(self, step_id: str, change: Callable[[Step], Step]) -> Workflow:
        self.step(step_id)
        done = False
        steps: list[Step] = []
        for step in self.steps:
            if step.id == step_id and not done:
                step, done = change(step), True
            steps.append(step)
        return replace(self, steps=tuple(steps))
