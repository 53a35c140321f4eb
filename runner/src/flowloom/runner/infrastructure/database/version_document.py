"""A stored workflow version: the studio's `WorkflowVersion` message, password literals sealed.

The column keeps the protobuf message the runner receives (serialized, base64 in a small JSON
document), so the stored form is the message's one definition (protos/studio/v1) rather than a
second encoding kept by hand. A literal bound to a password input is taken out of the message
and sealed beside it under the values key, as a value is in values_codec (``{"sealed": …}``),
so that `flowloom-adm keys rotate secrets` re-seals it like every other sealed value
(sealed.py) and a version without a password literal needs no key to be read:

    {"format": 2, "message": "<base64>", "literals": [{"node": "s1", "input": "pw",
                                                         "sealed": "<Fernet token>"}]}
"""

from __future__ import annotations

import base64
from typing import Any

from google.protobuf.internal.containers import RepeatedCompositeFieldContainer

from flowloom.runner.domain.values import IoType, StoredFile
from flowloom.runner.domain.workflow import (
    TRIGGER,
    ActionArtefact,
    ActionTrigger,
    Binding,
    Literal,
    WorkflowVersion,
)
from flowloom.runner.infrastructure.database.cipher import ValueCipher
from flowloom.runner.infrastructure.database.values_codec import (
    JsonObject,
    value_from_json,
    value_to_json,
)
from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.runner.infrastructure.messaging.workflow_codec import (
    literal_message,
    workflow_version,
    workflow_version_message,
)

FORMAT = 2


def version_to_document(version: WorkflowVersion, cipher: ValueCipher) -> JsonObject:
    message = workflow_version_message(version)
    literals: list[JsonObject] = []
    nodes: list[tuple[str, ActionArtefact, Any]] = [
        (step.id, step.action, step.inputs) for step in version.steps
    ]
    if isinstance(version.trigger, ActionTrigger):
        nodes.append((TRIGGER, version.trigger.action, version.trigger.inputs))
    for node, action, inputs in nodes:
        for name, binding in inputs.items():
            if _is_password_literal(action, name, binding):
                assert isinstance(binding, Literal)
                sealed = cipher.seal(value_to_json(binding.value))
                literals.append({"node": node, "input": name, "sealed": sealed})
                _binding(message, node, name).literal.Clear()
    document: JsonObject = {
        "format": FORMAT,
        "message": base64.b64encode(message.SerializeToString()).decode("ascii"),
    }
    if literals:
        document["literals"] = literals
    return document


def version_from_document(document: JsonObject, cipher: ValueCipher) -> WorkflowVersion:
    if document.get("format") != FORMAT:
        raise ValueError(f"unknown workflow version format {document.get('format')!r}")
    message = pb.WorkflowVersion.FromString(base64.b64decode(document["message"]))
    for entry in document.get("literals", ()):
        value = value_from_json(cipher.unseal(entry["sealed"]))
        if isinstance(value, StoredFile):
            raise ValueError(f"a literal cannot be a stored file: {entry['input']!r}")
        binding = _binding(message, entry["node"], entry["input"])
        binding.literal.CopyFrom(literal_message(value))
    return workflow_version(message)


def _is_password_literal(action: ActionArtefact, name: str, binding: Binding) -> bool:
    spec = action.input(name)
    return (
        isinstance(binding, Literal)
        and binding.value is not None
        and spec is not None
        and spec.type is IoType.PASSWORD
    )


def _binding(message: pb.WorkflowVersion, node: str, name: str) -> pb.Binding:
    bindings: RepeatedCompositeFieldContainer[pb.Binding]
    if node == TRIGGER:
        bindings = message.trigger.action.inputs
    else:
        bindings = next(step.inputs for step in message.steps if step.id == node)
    return next(b for b in bindings if b.input == name)
