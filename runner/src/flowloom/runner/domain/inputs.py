"""Resolving a step's bindings to the values its execution receives."""

from __future__ import annotations

from collections.abc import Mapping

from flowloom.runner.domain.errors import InputUnresolved
from flowloom.runner.domain.run import Run
from flowloom.runner.domain.values import FileKey, IoSpec, IoType, IoValue, StoredFile, normalized
from flowloom.runner.domain.workflow import (
    TRIGGER,
    Binding,
    Literal,
    LiteralValue,
    Ref,
    SecretRef,
    Step,
)


def secret_names(step: Step) -> set[str]:
    """The project secrets the step's inputs need."""
    return {b.name for b in step.inputs.values() if isinstance(b, SecretRef)}


def resolve_inputs(step: Step, run: Run, secrets: Mapping[str, str]) -> dict[str, IoValue]:
    """Every declared input's value (None for an unbound optional one).

    Raises InputUnresolved naming the input when a required value is missing.
    """
    return {
        spec.name: _resolve(spec, step.inputs.get(spec.name), run, secrets)
        for spec in step.action.inputs
    }


def without_secrets(step: Step, values: Mapping[str, IoValue]) -> dict[str, IoValue]:
    """What may be stored: the values of inputs bound to project secrets are dropped."""
    return {
        name: IoValue(value.type, None, secret=True)
        if isinstance(step.inputs.get(name), SecretRef)
        else value
        for name, value in values.items()
    }


def _resolve(
    spec: IoSpec, binding: Binding | None, run: Run, secrets: Mapping[str, str]
) -> IoValue:
    match binding:
        case None:
            return IoValue(spec.type, None)
        case Literal(value=value):
            return _literal(spec, value)
        case SecretRef(name=name):
            if name not in secrets:
                raise InputUnresolved(
                    f"input '{spec.name}' has no value: secret '{name}' does not exist"
                    " in the project"
                )
            return IoValue(spec.type, secrets[name], secret=True)
        case Ref():
            return _referenced(spec, binding, run)


def _literal(spec: IoSpec, value: LiteralValue) -> IoValue:
    if isinstance(value, FileKey):
        directory = spec.type is IoType.DIRECTORY
        return IoValue(spec.type, StoredFile(value.key, value.name, directory=directory))
    return IoValue(spec.type, normalized(spec, value))


def _referenced(spec: IoSpec, ref: Ref, run: Run) -> IoValue:
    source = run.node_outputs(ref.node).get(ref.output)
    if source is not None and source.value is not None:
        # A password stays masked downstream, whatever the receiving input's type.
        return IoValue(spec.type, normalized(spec, source.value), secret=source.masked)
    if spec.optional:
        return IoValue(spec.type, None)
    node = "the trigger" if ref.node == TRIGGER else f"step '{ref.node}'"
    raise InputUnresolved(f"input '{spec.name}' has no value: {node} gave no output '{ref.output}'")
