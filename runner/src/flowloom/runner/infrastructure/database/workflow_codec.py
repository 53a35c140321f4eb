"""JSON codec of `WorkflowVersion`: an explicit document with a format number.

Written by hand rather than derived from the dataclasses, so that renaming a field in the
domain cannot silently change (or break reading) the stored documents. A literal bound to a
password input is sealed like a password value (values_codec.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flowloom.runner.domain.values import IoSpec, IoType, StoredFile
from flowloom.runner.domain.workflow import (
    ActionArtefact,
    ActionKind,
    ActionTrigger,
    Binding,
    CronTrigger,
    Literal,
    ManualTrigger,
    Ref,
    Resources,
    Retry,
    SecretRef,
    Step,
    Trigger,
    WorkflowResult,
    WorkflowVersion,
)
from flowloom.runner.infrastructure.database.cipher import ValueCipher
from flowloom.runner.infrastructure.database.values_codec import (
    JsonObject,
    value_from_json,
    value_to_json,
)

FORMAT = 1


def version_to_json(version: WorkflowVersion, cipher: ValueCipher) -> JsonObject:
    return {
        "format": FORMAT,
        "workflow_id": version.workflow_id,
        "workflow_version_id": version.workflow_version_id,
        "name": version.name,
        "number": version.number,
        "trigger": _trigger_to_json(version.trigger, cipher),
        "steps": [_step_to_json(step, cipher) for step in version.steps],
        "results": [
            {"name": r.name, "node": r.ref.node, "output": r.ref.output} for r in version.results
        ],
    }


def version_from_json(data: JsonObject, cipher: ValueCipher) -> WorkflowVersion:
    if data.get("format") != FORMAT:
        raise ValueError(f"unknown workflow version format {data.get('format')!r}")
    return WorkflowVersion(
        workflow_id=data["workflow_id"],
        workflow_version_id=data["workflow_version_id"],
        name=data["name"],
        number=data["number"],
        trigger=_trigger_from_json(data["trigger"], cipher),
        steps=tuple(_step_from_json(step, cipher) for step in data["steps"]),
        results=tuple(
            WorkflowResult(r["name"], Ref(r["node"], r["output"])) for r in data["results"]
        ),
    )


def _trigger_to_json(trigger: Trigger, cipher: ValueCipher) -> JsonObject:
    match trigger:
        case ActionTrigger(action=action, inputs=inputs):
            return {
                "kind": "action",
                "action": _action_to_json(action),
                "inputs": _bindings_to_json(inputs, action, cipher),
            }
        case ManualTrigger(outputs=outputs):
            return {"kind": "manual", "outputs": [_spec_to_json(s) for s in outputs]}
        case CronTrigger(schedule=schedule, timezone=timezone, outputs=outputs):
            return {
                "kind": "cron",
                "schedule": schedule,
                "timezone": timezone,
                "outputs": [_spec_to_json(s) for s in outputs],
            }


def _trigger_from_json(data: JsonObject, cipher: ValueCipher) -> Trigger:
    outputs = tuple(_spec_from_json(s) for s in data.get("outputs", ()))
    match data["kind"]:
        case "action":
            inputs = _bindings_from_json(data["inputs"], cipher)
            return ActionTrigger(_action_from_json(data["action"]), inputs)
        case "manual":
            return ManualTrigger(outputs)
        case "cron":
            return CronTrigger(data["schedule"], data["timezone"], outputs)
    raise ValueError(f"unknown trigger kind {data['kind']!r}")


def _step_to_json(step: Step, cipher: ValueCipher) -> JsonObject:
    return {
        "id": step.id,
        "action": _action_to_json(step.action),
        "inputs": _bindings_to_json(step.inputs, step.action, cipher),
        "when": step.when,
        "retry": {"attempts": step.retry.attempts, "backoff_seconds": step.retry.backoff_seconds},
        "timeout_seconds": step.timeout_seconds,
        "needs": list(step.needs),
    }


def _step_from_json(data: JsonObject, cipher: ValueCipher) -> Step:
    retry = data["retry"]
    return Step(
        id=data["id"],
        action=_action_from_json(data["action"]),
        inputs=_bindings_from_json(data["inputs"], cipher),
        when=data["when"],
        retry=Retry(retry["attempts"], retry["backoff_seconds"]),
        timeout_seconds=data["timeout_seconds"],
        needs=tuple(data["needs"]),
    )


def _action_to_json(action: ActionArtefact) -> JsonObject:
    resources = action.resources
    return {
        "action_id": action.action_id,
        "version": action.version,
        "kind": str(action.kind),
        "artefact": action.artefact,
        "inputs": [_spec_to_json(s) for s in action.inputs],
        "outputs": [_spec_to_json(s) for s in action.outputs],
        "resources": {
            "cpu": resources.cpu,
            "memory_bytes": resources.memory_bytes,
            "time_seconds": resources.time_seconds,
            "gpu": resources.gpu,
        },
    }


def _action_from_json(data: JsonObject) -> ActionArtefact:
    return ActionArtefact(
        action_id=data["action_id"],
        version=data["version"],
        kind=ActionKind(data["kind"]),
        artefact=data["artefact"],
        inputs=tuple(_spec_from_json(s) for s in data["inputs"]),
        outputs=tuple(_spec_from_json(s) for s in data["outputs"]),
        resources=Resources(**data["resources"]),
    )


def _spec_to_json(spec: IoSpec) -> JsonObject:
    return {
        "name": spec.name,
        "type": str(spec.type),
        "optional": spec.optional,
        "enum_values": list(spec.enum_values),
    }


def _spec_from_json(data: JsonObject) -> IoSpec:
    return IoSpec(data["name"], IoType(data["type"]), data["optional"], tuple(data["enum_values"]))


def _bindings_to_json(
    bindings: Mapping[str, Binding], action: ActionArtefact, cipher: ValueCipher
) -> JsonObject:
    def is_password(name: str) -> bool:
        spec = action.input(name)
        return spec is not None and spec.type is IoType.PASSWORD

    return {name: _binding_to_json(b, cipher, is_password(name)) for name, b in bindings.items()}


def _binding_to_json(binding: Binding, cipher: ValueCipher, seal: bool) -> JsonObject:
    match binding:
        case Literal(value=value):
            if seal and value is not None:
                return {"kind": "literal", "sealed": cipher.seal(value_to_json(value))}
            return {"kind": "literal", "value": value_to_json(value)}
        case Ref(node=node, output=output):
            return {"kind": "ref", "node": node, "output": output}
        case SecretRef(name=name):
            return {"kind": "secret", "name": name}


def _bindings_from_json(data: JsonObject, cipher: ValueCipher) -> dict[str, Binding]:
    return {name: _binding_from_json(binding, cipher) for name, binding in data.items()}


def _binding_from_json(data: JsonObject, cipher: ValueCipher) -> Binding:
    match data["kind"]:
        case "literal":
            encoded: Any = cipher.unseal(data["sealed"]) if "sealed" in data else data["value"]
            value = value_from_json(encoded)
            if isinstance(value, StoredFile):
                raise ValueError(f"a literal cannot be a stored file: {data!r}")
            return Literal(value)
        case "ref":
            return Ref(data["node"], data["output"])
        case "secret":
            return SecretRef(data["name"])
    raise ValueError(f"unknown binding kind {data['kind']!r}")
