"""Reading the steps of ``workflow.yaml`` and their input bindings."""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from flowloom.servicekit.conditions import limit_problem
from flowloom.studio.domain.bindings import (
    Binding,
    FileBinding,
    LiteralBinding,
    Ref,
    RefBinding,
    SecretBinding,
    VariableBinding,
)
from flowloom.studio.domain.errors import ValidationFailed
from flowloom.studio.domain.workflow import Retry, Step
from flowloom.studio.infrastructure.workflow_file.nodes import Nodes, join
from flowloom.studio.infrastructure.workflow_file.paths import safe_path

STEP_FIELDS = ("id", "action", "version", "needs", "when", "retry", "timeout", "inputs")
RETRY_FIELDS = ("attempts", "backoff_seconds")
BINDING_KINDS = ("ref", "secret", "variable", "file")
BINDING_FORMS = (
    "a literal value or one of {ref: step.output}, {secret: name}, {variable: name}, {file: path}"
)


class StepReader:
    """Reads steps, bindings and references; problems go to ``nodes``."""

    def __init__(self, nodes: Nodes) -> None:
        self.nodes = nodes

    def steps(self, node: Node, path: str) -> tuple[Step, ...]:
        found = []
        for index, item in enumerate(self.nodes.sequence(node, path)):
            step = self.step(item, join(path, index))
            if step is not None:
                found.append(step)
        return tuple(found)

    def step(self, node: Node, path: str) -> Step | None:
        fields = self.nodes.mapping(node, path, STEP_FIELDS)
        if fields is None:
            return None
        for name in ("id", "action"):
            if name not in fields:
                self.nodes.error(node, join(path, name), "is required")
        step_id = self.nodes.each(fields, "id", path, self.nodes.text)
        action = self.nodes.each(fields, "action", path, self.nodes.text)
        version = self.nodes.each(fields, "version", path, self.nodes.text)
        needs = self.nodes.each(fields, "needs", path, self.texts) or ()
        when = self.nodes.each(fields, "when", path, self.condition)
        retry = self.nodes.each(fields, "retry", path, self.retry)
        timeout = self.nodes.each(
            fields, "timeout", path, lambda n, p: self.nodes.typed(n, p, float)
        )
        inputs = self.nodes.each(fields, "inputs", path, self.bindings) or {}
        if step_id is None or action is None:
            return None
        return Step(step_id, action, version, inputs, (when or "").strip(), retry, timeout, needs)

    def condition(self, node: Node, path: str) -> str | None:
        """A ``when`` within the size and nesting limits (checked before any parsing)."""
        when = self.nodes.typed(node, path, str)
        problem = limit_problem(when) if when is not None else None
        if problem is not None:
            self.nodes.error(node, path, problem)
            return None
        return when

    def retry(self, node: Node, path: str) -> Retry | None:
        fields = self.nodes.mapping(node, path, RETRY_FIELDS)
        if fields is None:
            return None
        attempts = self.nodes.each(
            fields, "attempts", path, lambda n, p: self.nodes.typed(n, p, int)
        )
        backoff = self.nodes.each(
            fields, "backoff_seconds", path, lambda n, p: self.nodes.typed(n, p, float)
        )
        return Retry(1 if attempts is None else attempts, backoff or 0.0)

    def texts(self, node: Node, path: str) -> tuple[str, ...]:
        values = (
            self.nodes.text(item, join(path, i))
            for i, item in enumerate(self.nodes.sequence(node, path))
        )
        return tuple(value for value in values if value is not None)

    def bindings(self, node: Node, path: str) -> dict[str, Binding]:
        fields = self.nodes.mapping(node, path)
        found: dict[str, Binding] = {}
        for name, (_, value) in (fields or {}).items():
            binding = self.binding(value, join(path, name))
            if binding is not None:
                found[name] = binding
        return found

    def binding(self, node: Node, path: str) -> Binding | None:
        if isinstance(node, ScalarNode):
            ok, value = self.nodes.scalar(node, path)
            return LiteralBinding(value) if ok else None
        if isinstance(node, SequenceNode):
            self.nodes.error(node, path, f"a list is not a value: use {BINDING_FORMS}")
            return None
        fields = self.nodes.mapping(node, path) if isinstance(node, MappingNode) else None
        if fields is None:
            return None
        if len(fields) != 1 or next(iter(fields)) not in BINDING_KINDS:
            self.nodes.error(node, path, f"must be {BINDING_FORMS}")
            return None
        kind, (_, inner) = next(iter(fields.items()))
        where = join(path, kind)
        if kind == "ref":
            target = self.ref(inner, path)
            return RefBinding(target) if target else None
        text = self.nodes.text(inner, where)
        if text is None:
            return None
        if kind == "secret":
            return SecretBinding(text)
        if kind == "variable":
            return VariableBinding(text)
        normal, why = safe_path(text)
        if normal is None:
            self.nodes.error(inner, path, why or "invalid path")
            return None
        return FileBinding(normal)

    def ref(self, node: Node, path: str) -> Ref | None:
        text = self.nodes.typed(node, path, str)
        if text is None:
            return None
        try:
            return Ref.parse(text)
        except ValidationFailed:
            self.nodes.error(node, path, f'a reference must look like "step.output", not {text!r}')
            return None
