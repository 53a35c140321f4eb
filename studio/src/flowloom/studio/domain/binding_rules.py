"""Validation of one input binding: the source exists, and its type fits the input."""

from __future__ import annotations

from flowloom.studio.domain.bindings import (
    TRIGGER,
    Binding,
    FileBinding,
    LiteralBinding,
    Ref,
    RefBinding,
    SecretBinding,
    VariableBinding,
)
from flowloom.studio.domain.io import IoItem, IoType, accepts, literal_problem
from flowloom.studio.domain.problems import Code, Problem
from flowloom.studio.domain.scope import Scope


def binding_problems(
    scope: Scope, node: str, name: str, binding: Binding, spec: IoItem | None
) -> list[Problem]:
    """Problems of ``node``'s input ``name`` bound to ``binding`` (``spec`` None: unknown)."""
    where = f"{scope.node_label(node)} input '{name}'"

    def problem(code: Code, message: str) -> Problem:
        return Problem(code, node, name, f"{where} {message}")

    match binding:
        case LiteralBinding(value=value):
            if spec is None:
                return []
            why = literal_problem(
                spec.type, value, optional=spec.optional, enum_values=spec.enum_values
            )
            return [problem(Code.INVALID_LITERAL, why)] if why else []
        case RefBinding(ref=target):
            return [problem(code, text) for code, text in _ref_problems(scope, node, target, spec)]
        case VariableBinding(name=variable_name):
            return [problem(c, text) for c, text in _variable_problems(scope, variable_name, spec)]
        case SecretBinding(name=secret):
            if secret not in scope.secrets:
                return [
                    problem(
                        Code.UNKNOWN_SECRET,
                        f"uses the secret '{secret}', which the "
                        "project does not have: create it or pick another one",
                    )
                ]
            if spec is not None and spec.type is not IoType.PASSWORD:
                return [
                    problem(
                        Code.SECRET_TO_NON_PASSWORD,
                        f"is of type {spec.type}: a secret can only be bound to a password input",
                    )
                ]
            return []
        case FileBinding(path=path):
            if spec is not None and not spec.type.is_file:
                return [
                    problem(
                        Code.TYPE_MISMATCH,
                        f"is of type {spec.type}: the static file "
                        f"'{path}' can only be bound to a file or directory input",
                    )
                ]
            return []


def _ref_problems(
    scope: Scope, node: str, target: Ref, spec: IoItem | None
) -> list[tuple[Code, str]]:
    if target.node not in scope.outputs:
        return [
            (
                Code.UNKNOWN_REFERENCE,
                f"refers to {target}, but there is no step '{target.node}' (nor is it the trigger)",
            )
        ]
    if target.node == node:
        return [
            (
                Code.NON_UPSTREAM_REFERENCE,
                f"refers to {target}, an output of the same step: "
                "a step can only use outputs of the trigger and of the steps before it",
            )
        ]
    outputs = scope.outputs[target.node]
    if outputs is None:
        return []
    source = scope.node_label(target.node)
    if target.output not in outputs:
        known = ", ".join(outputs) or "none"
        return [
            (
                Code.UNKNOWN_REFERENCE,
                f"refers to {target}, but {source} has no output "
                f"'{target.output}' (its outputs: {known})",
            )
        ]
    output_type = outputs[target.output]
    if spec is not None and not accepts(spec.type, output_type):
        return [
            (
                Code.TYPE_MISMATCH,
                f"is of type {spec.type} but {target} (output "
                f"'{target.output}' of {source}) is of type {output_type}",
            )
        ]
    return []


def _variable_problems(scope: Scope, name: str, spec: IoItem | None) -> list[tuple[Code, str]]:
    variable = scope.variables.get(name)
    if variable is None:
        return [
            (
                Code.UNKNOWN_VARIABLE,
                f"uses the variable '{name}', which the project does "
                "not have: create it or pick another one",
            )
        ]
    if spec is None:
        return []
    if not accepts(spec.type, variable.type):
        return [
            (
                Code.VARIABLE_TYPE_MISMATCH,
                f"is of type {spec.type} but the variable '{name}' is of type {variable.type}",
            )
        ]
    if spec.type is IoType.ENUM and variable.value not in spec.enum_values:
        allowed = ", ".join(spec.enum_values)
        return [
            (
                Code.VARIABLE_TYPE_MISMATCH,
                f"expects one of {allowed}, but the variable '{name}' holds {variable.value!r}",
            )
        ]
    return []


def trigger_binding_problem(name: str, binding: Binding) -> Problem | None:
    """A trigger runs before anything else and outside any run: no refs, no secrets."""
    if isinstance(binding, RefBinding):
        why = f"refers to {binding.ref}: the trigger runs first, it cannot use outputs"
    elif isinstance(binding, SecretBinding):
        why = "uses a secret: a trigger input takes a literal, a variable or a file"
    else:
        return None
    return Problem(Code.INVALID_TRIGGER_BINDING, TRIGGER, name, f"trigger input '{name}' {why}")
