"""Workflow versions are stored as the studio's protobuf message, no longer as the runner's JSON.

`workflow_versions.definition` held a hand-written JSON document (format 1); it now holds the
`flowloom.studio.v1.WorkflowVersion` message, base64 in a small JSON document (format 2,
`version_document.py`). A literal bound to a password input was sealed inside the format-1
document and is sealed beside the message in format 2, with the same Fernet token (the JSON of
its value): both ways move the token as it is, so this revision needs no key and a version is
as readable after it as before. Downgrading writes format 1 back.

The format-1 reading and writing below is frozen here, on purpose: it is this revision's, not
the application's (which no longer has it).
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from flowloom.runner.infrastructure.messaging.protobuf.common.v1 import io_type_pb2
from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb

revision: str = "0006"
down_revision: str | None = "0005"

Document = dict[str, Any]

_versions = sa.table(
    "workflow_versions",
    sa.column("workflow_version_id", sa.String(64)),
    sa.column("definition", sa.JSON()),
)


def upgrade() -> None:
    _rewrite(1, _message_document)


def downgrade() -> None:
    _rewrite(2, _json_document)


def _rewrite(source_format: int, convert: Callable[[Document], Document]) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(_versions)).all()
    for row in rows:
        document = row.definition
        if isinstance(document, str):  # a JSON column read without its type
            document = json.loads(document)
        if document.get("format") != source_format:
            continue
        connection.execute(
            _versions.update()
            .where(_versions.c.workflow_version_id == row.workflow_version_id)
            .values(definition=convert(document))
        )


# Format 1 → format 2 ---------------------------------------------------------------------------


def _message_document(data: Document) -> Document:
    literals: list[Document] = []
    trigger = data["trigger"]
    message = pb.WorkflowVersion(
        workflow_id=data["workflow_id"],
        workflow_version_id=data["workflow_version_id"],
        name=data["name"],
        number=data["number"],
        trigger=_trigger_message(trigger, literals),
        steps=[_step_message(step, literals) for step in data["steps"]],
        results=[
            pb.WorkflowResult(name=r["name"], ref=pb.Reference(node=r["node"], output=r["output"]))
            for r in data["results"]
        ],
    )
    document: Document = {
        "format": 2,
        "message": base64.b64encode(message.SerializeToString()).decode("ascii"),
    }
    if literals:
        document["literals"] = literals
    return document


def _trigger_message(data: Document, literals: list[Document]) -> pb.Trigger:
    outputs = [_spec_message(s) for s in data.get("outputs", ())]
    match data["kind"]:
        case "action":
            inputs = _bindings_message(data["inputs"], "trigger", literals)
            action = pb.ActionTrigger(action=_action_message(data["action"]), inputs=inputs)
            return pb.Trigger(action=action)
        case "manual":
            return pb.Trigger(manual=pb.ManualTrigger(outputs=outputs))
        case "cron":
            cron = pb.CronTrigger(
                schedule=data["schedule"], timezone=data["timezone"], outputs=outputs
            )
            return pb.Trigger(cron=cron)
    raise ValueError(f"unknown trigger kind {data['kind']!r}")


def _step_message(data: Document, literals: list[Document]) -> pb.Step:
    retry = data["retry"]
    return pb.Step(
        id=data["id"],
        action=_action_message(data["action"]),
        inputs=_bindings_message(data["inputs"], data["id"], literals),
        when=data["when"],
        retry=pb.Retry(attempts=retry["attempts"], backoff_seconds=retry["backoff_seconds"]),
        timeout_seconds=data["timeout_seconds"],
        needs=data["needs"],
    )


def _action_message(data: Document) -> pb.ActionArtefact:
    return pb.ActionArtefact(
        action_id=data["action_id"],
        version=data["version"],
        kind=data["kind"],
        artefact=data["artefact"],
        inputs=[_spec_message(s) for s in data["inputs"]],
        outputs=[_spec_message(s) for s in data["outputs"]],
        resources=pb.Resources(**data["resources"]),
    )


def _spec_message(data: Document) -> pb.IoSpec:
    return pb.IoSpec(
        name=data["name"],
        type=io_type_pb2.IoType.Value(f"IO_TYPE_{data['type'].upper()}"),
        legacy_type=data["type"],
        optional=data["optional"],
        enum_values=data["enum_values"],
    )


def _bindings_message(data: Document, node: str, literals: list[Document]) -> list[pb.Binding]:
    bindings = []
    for name, binding in data.items():
        match binding["kind"]:
            case "literal" if "sealed" in binding:
                literals.append({"node": node, "input": name, "sealed": binding["sealed"]})
                bindings.append(pb.Binding(input=name, literal=pb.Literal()))
            case "literal":
                bindings.append(pb.Binding(input=name, literal=_literal(binding["value"])))
            case "ref":
                ref = pb.Reference(node=binding["node"], output=binding["output"])
                bindings.append(pb.Binding(input=name, ref=ref))
            case "secret":
                bindings.append(pb.Binding(input=name, secret=binding["name"]))
            case kind:
                raise ValueError(f"unknown binding kind {kind!r}")
    return bindings


def _literal(value: Any) -> pb.Literal:
    if value is None:
        return pb.Literal(null_value=True)
    if isinstance(value, bool):
        return pb.Literal(boolean_value=value)
    if isinstance(value, int):
        return pb.Literal(integer_value=value)
    if isinstance(value, float):
        return pb.Literal(float_value=value)
    if isinstance(value, str):
        return pb.Literal(string_value=value)
    if "bytes" in value:
        return pb.Literal(bytes_value=base64.b64decode(value["bytes"]))
    if "file_key" in value:
        return pb.Literal(file_key=value["file_key"])
    if "float" in value:
        return pb.Literal(float_value=float(value["float"]))
    raise ValueError(f"not a stored literal: {value!r}")


# Format 2 → format 1 ---------------------------------------------------------------------------


def _json_document(document: Document) -> Document:
    message = pb.WorkflowVersion.FromString(base64.b64decode(document["message"]))
    sealed = {(e["node"], e["input"]): e["sealed"] for e in document.get("literals", ())}
    return {
        "format": 1,
        "workflow_id": message.workflow_id,
        "workflow_version_id": message.workflow_version_id,
        "name": message.name,
        "number": message.number,
        "trigger": _trigger_json(message.trigger, sealed),
        "steps": [_step_json(step, sealed) for step in message.steps],
        "results": [
            {"name": r.name, "node": r.ref.node, "output": r.ref.output} for r in message.results
        ],
    }


def _trigger_json(message: pb.Trigger, sealed: dict[tuple[str, str], str]) -> Document:
    match message.WhichOneof("kind"):
        case "action":
            return {
                "kind": "action",
                "action": _action_json(message.action.action),
                "inputs": _bindings_json(message.action.inputs, "trigger", sealed),
            }
        case "manual":
            return {"kind": "manual", "outputs": [_spec_json(s) for s in message.manual.outputs]}
        case "cron":
            return {
                "kind": "cron",
                "schedule": message.cron.schedule,
                "timezone": message.cron.timezone or "UTC",
                "outputs": [_spec_json(s) for s in message.cron.outputs],
            }
    raise ValueError("a stored workflow version has no trigger")


def _step_json(message: pb.Step, sealed: dict[tuple[str, str], str]) -> Document:
    return {
        "id": message.id,
        "action": _action_json(message.action),
        "inputs": _bindings_json(message.inputs, message.id, sealed),
        "when": message.when,
        "retry": {
            "attempts": message.retry.attempts,
            "backoff_seconds": message.retry.backoff_seconds,
        },
        "timeout_seconds": message.timeout_seconds,
        "needs": list(message.needs),
    }


def _action_json(message: pb.ActionArtefact) -> Document:
    resources = message.resources
    return {
        "action_id": message.action_id,
        "version": message.version,
        "kind": message.kind,
        "artefact": message.artefact,
        "inputs": [_spec_json(s) for s in message.inputs],
        "outputs": [_spec_json(s) for s in message.outputs],
        "resources": {
            "cpu": resources.cpu,
            "memory_bytes": resources.memory_bytes,
            "time_seconds": resources.time_seconds,
            "gpu": resources.gpu,
        },
    }


def _spec_json(message: pb.IoSpec) -> Document:
    if message.type == io_type_pb2.IO_TYPE_UNSPECIFIED:
        name = "file" if message.legacy_type == "table" else message.legacy_type
    else:
        name = io_type_pb2.IoType.Name(message.type).removeprefix("IO_TYPE_").lower()
    return {
        "name": message.name,
        "type": name,
        "optional": message.optional,
        "enum_values": list(message.enum_values),
    }


def _bindings_json(
    bindings: Sequence[pb.Binding], node: str, sealed: dict[tuple[str, str], str]
) -> Document:
    found: Document = {}
    for binding in bindings:
        match binding.WhichOneof("source"):
            case "literal" if (node, binding.input) in sealed:
                found[binding.input] = {"kind": "literal", "sealed": sealed[node, binding.input]}
            case "literal":
                found[binding.input] = {"kind": "literal", "value": _value(binding.literal)}
            case "ref":
                ref = binding.ref
                found[binding.input] = {"kind": "ref", "node": ref.node, "output": ref.output}
            case "secret":
                found[binding.input] = {"kind": "secret", "name": binding.secret}
    return found


def _value(message: pb.Literal) -> Any:
    match message.WhichOneof("kind"):
        case None | "null_value":
            return None
        case "bytes_value":
            return {"bytes": base64.b64encode(message.bytes_value).decode("ascii")}
        case "file_key":
            return {"file_key": message.file_key}
        case "float_value" if not math.isfinite(message.float_value):
            return {"float": repr(message.float_value)}
        case kind:
            return getattr(message, kind)
