"""`flowloom.studio.v1.WorkflowVersion` (protobuf) ↔ the runner's frozen `WorkflowVersion`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from flowloom.runner.domain.values import FileKey, IoSpec, IoType
from flowloom.runner.domain.workflow import (
    ActionArtefact,
    ActionKind,
    ActionTrigger,
    Binding,
    CronTrigger,
    Literal,
    LiteralValue,
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
from flowloom.runner.infrastructure.messaging.protobuf.common.v1 import io_type_pb2
from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb


class MalformedMessage(ValueError):
    """The message cannot describe a workflow (unknown kind, type or empty oneof)."""


def workflow_version(message: pb.WorkflowVersion) -> WorkflowVersion:
    return WorkflowVersion(
        workflow_id=message.workflow_id,
        workflow_version_id=message.workflow_version_id,
        name=message.name,
        number=message.number,
        trigger=_trigger(message.trigger),
        steps=tuple(_step(step) for step in message.steps),
        results=tuple(
            WorkflowResult(r.name, Ref(r.ref.node, r.ref.output)) for r in message.results
        ),
    )


def _io(specs: Iterable[pb.IoSpec]) -> tuple[IoSpec, ...]:
    return tuple(IoSpec(s.name, _io_type(s), s.optional, tuple(s.enum_values)) for s in specs)


def _io_type(spec: pb.IoSpec) -> IoType:
    """The wire enum's type; from an older studio (UNSPECIFIED), the one its legacy name says."""
    if spec.type == io_type_pb2.IO_TYPE_UNSPECIFIED:
        return IoType.parse(spec.legacy_type)
    try:
        return IoType[io_type_pb2.IoType.Name(spec.type).removeprefix("IO_TYPE_")]
    except (ValueError, KeyError):
        raise MalformedMessage(f"unknown IO type number {spec.type}") from None


def _action(message: pb.ActionArtefact) -> ActionArtefact:
    try:
        kind = ActionKind(message.kind)
    except ValueError:
        raise MalformedMessage(f"unknown action kind {message.kind!r}") from None
    resources = Resources(
        cpu=message.resources.cpu,
        memory_bytes=message.resources.memory_bytes,
        time_seconds=message.resources.time_seconds,
        gpu=message.resources.gpu,
    )
    return ActionArtefact(
        action_id=message.action_id,
        version=message.version,
        kind=kind,
        artefact=message.artefact,
        inputs=_io(message.inputs),
        outputs=_io(message.outputs),
        resources=resources,
    )


def _literal(message: pb.Literal) -> LiteralValue:
    kind = message.WhichOneof("kind")
    if kind is None or kind == "null_value":
        return None
    if kind == "file_key":
        return FileKey(message.file_key)
    value: LiteralValue = getattr(message, kind)
    return value


def _binding(message: pb.Binding) -> Binding:
    match message.WhichOneof("source"):
        case "literal":
            return Literal(_literal(message.literal))
        case "ref":
            return Ref(message.ref.node, message.ref.output)
        case "secret":
            return SecretRef(message.secret)
    raise MalformedMessage(f"input {message.input!r} has no binding")


def _bindings(messages: Iterable[pb.Binding]) -> dict[str, Binding]:
    return {b.input: _binding(b) for b in messages}


def _step(message: pb.Step) -> Step:
    retry = Retry(message.retry.attempts, message.retry.backoff_seconds)
    return Step(
        id=message.id,
        action=_action(message.action),
        inputs=_bindings(message.inputs),
        when=message.when,
        retry=retry if message.HasField("retry") and retry.attempts >= 1 else Retry(),
        timeout_seconds=message.timeout_seconds,
        needs=tuple(message.needs),
    )


def _trigger(message: pb.Trigger) -> Trigger:
    match message.WhichOneof("kind"):
        case "action":
            return ActionTrigger(_action(message.action.action), _bindings(message.action.inputs))
        case "manual":
            return ManualTrigger(_io(message.manual.outputs))
        case "cron":
            cron = message.cron
            return CronTrigger(cron.schedule, cron.timezone or "UTC", _io(cron.outputs))
    raise MalformedMessage("the workflow has no trigger")


def workflow_version_message(version: WorkflowVersion) -> pb.WorkflowVersion:
    """The message `workflow_version` reads back as ``version`` (what the runner stores)."""
    return pb.WorkflowVersion(
        workflow_id=version.workflow_id,
        workflow_version_id=version.workflow_version_id,
        name=version.name,
        number=version.number,
        trigger=_trigger_message(version.trigger),
        steps=[_step_message(step) for step in version.steps],
        results=[
            pb.WorkflowResult(name=r.name, ref=pb.Reference(node=r.ref.node, output=r.ref.output))
            for r in version.results
        ],
    )


def literal_message(value: LiteralValue) -> pb.Literal:
    match value:
        case None:
            return pb.Literal(null_value=True)
        case bool():
            return pb.Literal(boolean_value=value)
        case int():
            return pb.Literal(integer_value=value)
        case float():
            return pb.Literal(float_value=value)
        case str():
            return pb.Literal(string_value=value)
        case bytes():
            return pb.Literal(bytes_value=value)
        case FileKey(key=key):
            return pb.Literal(file_key=key)
    raise TypeError(f"a literal cannot be a {type(value).__name__}")


def _specs_message(specs: Iterable[IoSpec]) -> list[pb.IoSpec]:
    return [
        pb.IoSpec(
            name=s.name,
            type=io_type_pb2.IoType.Value(f"IO_TYPE_{s.type.name}"),
            legacy_type=s.type.value,
            optional=s.optional,
            enum_values=list(s.enum_values),
        )
        for s in specs
    ]


def _action_message(action: ActionArtefact) -> pb.ActionArtefact:
    return pb.ActionArtefact(
        action_id=action.action_id,
        version=action.version,
        kind=action.kind.value,
        artefact=action.artefact,
        inputs=_specs_message(action.inputs),
        outputs=_specs_message(action.outputs),
        resources=pb.Resources(**asdict(action.resources)),  # the same four names
    )


def _binding_message(name: str, binding: Binding) -> pb.Binding:
    match binding:
        case Literal(value=value):
            return pb.Binding(input=name, literal=literal_message(value))
        case Ref(node=node, output=output):
            return pb.Binding(input=name, ref=pb.Reference(node=node, output=output))
        case SecretRef(name=secret):
            return pb.Binding(input=name, secret=secret)


def _step_message(step: Step) -> pb.Step:
    return pb.Step(
        id=step.id,
        action=_action_message(step.action),
        inputs=[_binding_message(name, b) for name, b in step.inputs.items()],
        when=step.when,
        retry=pb.Retry(attempts=step.retry.attempts, backoff_seconds=step.retry.backoff_seconds),
        timeout_seconds=step.timeout_seconds,
        needs=list(step.needs),
    )


def _trigger_message(trigger: Trigger) -> pb.Trigger:
    match trigger:
        case ActionTrigger(action=action, inputs=inputs):
            bindings = [_binding_message(name, b) for name, b in inputs.items()]
            return pb.Trigger(
                action=pb.ActionTrigger(action=_action_message(action), inputs=bindings)
            )
        case ManualTrigger(outputs=outputs):
            return pb.Trigger(manual=pb.ManualTrigger(outputs=_specs_message(outputs)))
        case CronTrigger(schedule=schedule, timezone=timezone, outputs=outputs):
            cron = pb.CronTrigger(
                schedule=schedule, timezone=timezone, outputs=_specs_message(outputs)
            )
            return pb.Trigger(cron=cron)
