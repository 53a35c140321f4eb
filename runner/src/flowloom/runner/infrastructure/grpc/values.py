"""Values across the wrapper boundary: domain values and IO specs ↔ protobuf messages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from flowloom.runner.domain.invocation import FileTarget, LogLine
from flowloom.runner.domain.values import (
    FileContent,
    IoSpec,
    IoType,
    IoValue,
    StoredFile,
    TriggerValue,
    Value,
)
from flowloom.runner.domain.workflow import ActionArtefact, ActionKind
from flowloom.runner.infrastructure.messaging.protobuf.action_wrapper.v1 import (
    wrapper_pb2 as pb,
)

_KINDS = {
    ActionKind.PROCESSOR: pb.ACTION_KIND_PROCESSOR,
    ActionKind.PUBLISHER: pb.ACTION_KIND_PUBLISHER,
    ActionKind.SOURCE: pb.ACTION_KIND_SOURCE,
}


class ValueMismatch(Exception):
    """A value cannot cross the boundary (a file without its URL...); the message says why."""


def init_request(action: ActionArtefact) -> pb.InitRequest:
    """The wrapper's ``Init``: the action's kind and declared IO."""
    return pb.InitRequest(
        action_id=action.action_id,
        version=action.version,
        kind=_KINDS[action.kind],
        inputs=[_definition(spec) for spec in action.inputs],
        outputs=[_definition(spec) for spec in action.outputs],
    )


def _definition(spec: IoSpec) -> pb.IoDefinition:
    return pb.IoDefinition(
        name=spec.name, type=str(spec.type), optional=spec.optional, enum_values=spec.enum_values
    )


def input_values(inputs: Mapping[str, IoValue], urls: Mapping[str, str]) -> dict[str, pb.Value]:
    """The ``RunRequest.inputs``; a file or directory travels as its presigned GET URL."""
    return {name: _input_value(name, value, urls.get(name)) for name, value in inputs.items()}


def _input_value(name: str, io: IoValue, url: str | None) -> pb.Value:
    value = io.value
    if value is None:
        return pb.Value(null_value=True)
    if io.type.is_file:
        if not isinstance(value, StoredFile):
            raise ValueMismatch(f"input '{name}' is not a stored file")
        if not url:
            raise ValueMismatch(f"input '{name}' has no download URL")
        directory = value.directory or io.type is IoType.DIRECTORY
        ref = pb.FileRef(url=url, name=value.name, directory=directory, size=value.size or 0)
        return pb.Value(file_value=ref)
    if io.type is IoType.FLOAT and isinstance(value, int | float) and not isinstance(value, bool):
        return pb.Value(float_value=float(value))
    return scalar_value(name, value)


def scalar_value(name: str, value: Value) -> pb.Value:
    """A scalar (or null) as a proto ``Value``; bool is checked before int on purpose."""
    match value:
        case None:
            return pb.Value(null_value=True)
        case bool():
            return pb.Value(boolean_value=value)
        case int():
            return pb.Value(integer_value=value)
        case float():
            return pb.Value(float_value=value)
        case str():
            return pb.Value(string_value=value)
        case bytes():
            return pb.Value(bytes_value=value)
    raise ValueMismatch(f"input '{name}' has a value of type {type(value).__name__}")


def execution_outputs(
    outputs: Mapping[str, pb.Value],
    targets: Mapping[str, FileTarget],
    inputs: Mapping[str, IoValue],
) -> dict[str, Value]:
    """A processor's outputs; an uploaded file is a StoredFile at its target's key, a file
    returned unchanged from an input (``same_as_input``) is that input's StoredFile."""
    values: dict[str, Value] = {}
    for name, value in outputs.items():
        if value.WhichOneof("kind") != "file_value":
            values[name] = _scalar(value)
            continue
        ref = value.file_value
        if ref.same_as_input:
            values[name] = _same_as_input(name, ref.same_as_input, inputs)
            continue
        target = targets.get(name)
        if target is None:
            raise ValueMismatch(f"output '{name}' is a file but no upload target was given")
        values[name] = StoredFile(target.key, ref.name, ref.size, ref.directory)
    return values


def _same_as_input(name: str, input_name: str, inputs: Mapping[str, IoValue]) -> StoredFile:
    io = inputs.get(input_name)
    if io is None:
        raise ValueMismatch(
            f"output '{name}' is said to be input '{input_name}' unchanged, "
            "but the execution has no such input"
        )
    stored = io.value
    if io.type is not IoType.FILE or not isinstance(stored, StoredFile) or stored.directory:
        raise ValueMismatch(
            f"output '{name}' is said to be input '{input_name}' unchanged, "
            "but that input is not a stored file"
        )
    return stored


def trigger_outputs(outputs: Mapping[str, pb.Value]) -> dict[str, TriggerValue]:
    """A source's ``create_run`` outputs; files arrive inline and become FileContent."""
    values: dict[str, TriggerValue] = {}
    for name, value in outputs.items():
        if value.WhichOneof("kind") == "file_value":
            ref = value.file_value
            values[name] = FileContent(ref.name, ref.content, ref.directory)
        else:
            values[name] = _scalar(value)
    return values


def _scalar(value: pb.Value) -> Value:
    match value.WhichOneof("kind"):
        case "string_value":
            return value.string_value
        case "integer_value":
            return value.integer_value
        case "float_value":
            return value.float_value
        case "boolean_value":
            return value.boolean_value
        case "bytes_value":
            return value.bytes_value
    return None  # null_value, or unset


def log_line(line: pb.LogLine) -> LogLine:
    at = (
        datetime.fromtimestamp(line.timestamp_ms / 1000, UTC)
        if line.timestamp_ms
        else datetime.now(UTC)
    )
    return LogLine(line.stream or "stdout", line.line, at)
