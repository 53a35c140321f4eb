"""Protobuf codecs: ``FrozenVersion`` → ``studio.v1.WorkflowVersion`` and
``repository.v1.ActionPublished`` → ``PublishedAction``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC

from flowloom.servicekit.objectstore import s3_reference
from flowloom.studio.domain.actions import ActionKind, PublishedAction, Resources
from flowloom.studio.domain.bindings import FileBinding, LiteralBinding, RefBinding, SecretBinding
from flowloom.studio.domain.errors import ValidationFailed
from flowloom.studio.domain.freeze import (
    FrozenAction,
    FrozenActionTrigger,
    FrozenBinding,
    FrozenStep,
    FrozenTrigger,
    FrozenVersion,
)
from flowloom.studio.domain.io import IoItem, IoType, LiteralValue, OutputSpec
from flowloom.studio.domain.triggers import CronTrigger, ManualTrigger
from flowloom.studio.infrastructure.messaging.protobuf.common.v1 import io_type_pb2
from flowloom.studio.infrastructure.messaging.protobuf.repository.v1 import (
    repository_events_pb2 as repository_pb,
)
from flowloom.studio.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb


class MalformedMessage(ValueError):
    """An incoming message cannot describe what it should (unknown kind or IO type...)."""


def workflow_version_message(
    version: FrozenVersion, *, files_bucket: str | None = None
) -> pb.WorkflowVersion:
    """The runner's view of a frozen version (the project travels in the enclosing event).

    With ``files_bucket`` (the message to the runner), a static file's key becomes the
    reference ``s3://<bucket>/<key>``: the file stays in the studio's bucket and the runner
    presigns it from there. Stored versions keep the bare key."""
    return pb.WorkflowVersion(
        workflow_id=version.workflow_id,
        workflow_version_id=version.version_id,
        name=version.name,
        number=version.number,
        trigger=_trigger(version.trigger, files_bucket),
        steps=[_step(step, files_bucket) for step in version.steps],
        results=[
            pb.WorkflowResult(name=name, ref=pb.Reference(node=target.node, output=target.output))
            for name, target in version.results.items()
        ],
    )


def _trigger(trigger: FrozenTrigger, files_bucket: str | None) -> pb.Trigger:
    match trigger:
        case FrozenActionTrigger(action=action, inputs=inputs):
            bindings = _bindings(inputs, files_bucket)
            return pb.Trigger(action=pb.ActionTrigger(action=_artefact(action), inputs=bindings))
        case ManualTrigger(outputs=outputs):
            return pb.Trigger(manual=pb.ManualTrigger(outputs=_specs(outputs)))
        case CronTrigger(schedule=schedule, timezone=timezone, outputs=outputs):
            cron = pb.CronTrigger(schedule=schedule, timezone=timezone, outputs=_specs(outputs))
            return pb.Trigger(cron=cron)


def _step(step: FrozenStep, files_bucket: str | None) -> pb.Step:
    return pb.Step(
        id=step.id,
        action=_artefact(step.action),
        inputs=_bindings(step.inputs, files_bucket),
        when=step.when,
        retry=pb.Retry(attempts=step.retry.attempts, backoff_seconds=step.retry.backoff_seconds),
        timeout_seconds=step.timeout_seconds or 0.0,
        needs=list(step.needs),
    )


def _artefact(action: FrozenAction) -> pb.ActionArtefact:
    resources = action.resources
    return pb.ActionArtefact(
        action_id=action.technical_name,
        version=action.version,
        kind=action.kind.value,
        artefact=action.artefact,
        inputs=_specs(action.inputs),
        outputs=_specs(action.outputs),
        resources=pb.Resources(
            cpu=resources.cpu,
            memory_bytes=resources.memory_bytes,
            time_seconds=resources.time_seconds,
            gpu=resources.gpu,
        ),
    )


def _specs(items: Iterable[IoItem | OutputSpec]) -> list[pb.IoSpec]:
    return [
        pb.IoSpec(
            name=i.name,
            type=_wire_type(i.type),
            legacy_type=i.type.value,  # for a runner older than the enum
            optional=i.optional,
            enum_values=list(i.enum_values),
        )
        for i in items
    ]


def _wire_type(io_type: IoType) -> io_type_pb2.IoType.ValueType:
    return io_type_pb2.IoType.Value(f"IO_TYPE_{io_type.name}")


def _bindings(bindings: Mapping[str, FrozenBinding], files_bucket: str | None) -> list[pb.Binding]:
    return [_binding(name, binding, files_bucket) for name, binding in bindings.items()]


def _binding(name: str, binding: FrozenBinding, files_bucket: str | None) -> pb.Binding:
    match binding:
        case LiteralBinding(value=value):
            return pb.Binding(input=name, literal=_literal(value))
        case FileBinding(path=key):
            reference = s3_reference(files_bucket, key) if files_bucket else key
            return pb.Binding(input=name, literal=pb.Literal(file_key=reference))
        case RefBinding(ref=target):
            return pb.Binding(input=name, ref=pb.Reference(node=target.node, output=target.output))
        case SecretBinding(name=secret):
            return pb.Binding(input=name, secret=secret)


def _literal(value: LiteralValue) -> pb.Literal:
    if value is None:
        return pb.Literal(null_value=True)
    if isinstance(value, bool):  # before int: a bool is an int in Python
        return pb.Literal(boolean_value=value)
    if isinstance(value, int):
        return pb.Literal(integer_value=value)
    if isinstance(value, float):
        return pb.Literal(float_value=value)
    if isinstance(value, bytes):
        return pb.Literal(bytes_value=value)
    return pb.Literal(string_value=value)


def published_action(message: repository_pb.ActionPublished) -> PublishedAction:
    """The action store's entry for ``message``; MalformedMessage for an unknown kind or type.

    A default value whose JSON is not a scalar (a list, an object) is kept as its JSON text.
    """
    try:
        kind = ActionKind(message.kind)
    except ValueError:
        raise MalformedMessage(f"unknown action kind {message.kind!r}") from None
    resources = message.resources
    return PublishedAction(
        project=message.project_id,
        action_id=message.action_id,
        technical_name=message.technical_name,
        version=message.version,
        kind=kind,
        artefact=message.artefact,
        type=message.type,
        human_name=message.human_name,
        description=message.description,
        categories=tuple(message.categories),
        inputs=tuple(_io_item(item) for item in message.inputs),
        outputs=tuple(_io_item(item) for item in message.outputs),
        dynamic_outputs=message.dynamic_outputs,
        resources=Resources(
            resources.cpu, resources.memory_bytes, resources.time_seconds, resources.gpu
        ),
        addons=_json_object(message.addons_json),
        logo=message.logo,
        logo_media_type=message.logo_media_type,
        source_id=message.source_id,
        source_name=message.source_name,
        source_sha=message.source_sha,
        content_digest=message.content_digest,
        build_id=message.build_id,
        published_at=(
            message.published_at.ToDatetime(tzinfo=UTC)
            if message.HasField("published_at")
            else None
        ),
    )


def _io_item(item: repository_pb.IoItem) -> IoItem:
    try:
        io_type = _io_type(item)
    except (ValidationFailed, ValueError, KeyError):
        shown = item.type or item.legacy_type
        raise MalformedMessage(f"IO item {item.name!r} has unknown type {shown!r}") from None
    return IoItem(
        name=item.name,
        type=io_type,
        human_name=item.human_name,
        help=item.help,
        enum_values=tuple(item.enum_values),
        optional=item.optional,
        has_default=item.has_default,
        default=_default(item) if item.has_default else None,
    )


def _io_type(item: repository_pb.IoItem) -> IoType:
    """The wire enum's type; from an older repository (UNSPECIFIED), its legacy name's."""
    if item.type == io_type_pb2.IO_TYPE_UNSPECIFIED:
        return IoType.parse(item.legacy_type)
    return IoType[io_type_pb2.IoType.Name(item.type).removeprefix("IO_TYPE_")]


def _default(item: repository_pb.IoItem) -> LiteralValue:
    try:
        value = json.loads(item.default_value_json)
    except ValueError:
        raise MalformedMessage(f"input {item.name!r} has a default that is not JSON") from None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return item.default_value_json


def _json_object(text: str) -> dict[str, object]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        raise MalformedMessage("addons_json is not JSON") from None
    if not isinstance(value, dict):
        raise MalformedMessage("addons_json is not a JSON object")
    return value
