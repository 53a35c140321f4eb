"""Protobuf codecs: a frozen version for the runner, a published action from the repository."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from flowloom.studio.domain.actions import ActionKind, Resources
from flowloom.studio.domain.bindings import (
    FileBinding,
    LiteralBinding,
    Ref,
    RefBinding,
    SecretBinding,
)
from flowloom.studio.domain.freeze import (
    FrozenAction,
    FrozenActionTrigger,
    FrozenStep,
    FrozenVersion,
)
from flowloom.studio.domain.io import IoItem, IoType, OutputSpec
from flowloom.studio.domain.triggers import CronTrigger, ManualTrigger
from flowloom.studio.domain.workflow import Retry
from flowloom.studio.infrastructure.messaging.protobuf.common.v1 import io_type_pb2
from flowloom.studio.infrastructure.messaging.protobuf.repository.v1 import (
    repository_events_pb2 as repository_pb,
)
from flowloom.studio.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.studio.infrastructure.messaging.version_codec import (
    MalformedMessage,
    published_action,
    workflow_version_message,
)

SOURCE = FrozenAction(
    "emitevery",
    "1.3",
    ActionKind.SOURCE,
    "s3://a/emit.tar.gz",
    inputs=(IoItem("seconds", IoType.INTEGER),),
    outputs=(
        IoItem("time", IoType.STRING),
        IoItem("city", IoType.ENUM, enum_values=("a", "b"), optional=True),
    ),
)
PROCESSOR = FrozenAction(
    "catfile",
    "1.0",
    ActionKind.PROCESSOR,
    "registry/catfile@sha256:1",
    inputs=(IoItem("file", IoType.FILE),),
    outputs=(IoItem("stdout", IoType.LONGSTRING),),
    resources=Resources(cpu=0.5, memory_bytes=2**26, time_seconds=30, gpu=1),
)
LITERALS = {
    "none": LiteralBinding(None),
    "text": LiteralBinding("x"),
    "int": LiteralBinding(7),
    "float": LiteralBinding(2.5),
    "bool": LiteralBinding(True),
    "bytes": LiteralBinding(b"\x00\x01"),
    "static": FileBinding("projects/p1/files/k/a.txt"),
    "ref": RefBinding(Ref("trigger", "time")),
    "secret": SecretBinding("smtp-password"),
}


def version(trigger: object) -> FrozenVersion:
    return FrozenVersion(
        workflow_id="w1",
        version_id="w1-v3",
        project="p1",
        name="tick",
        number=3,
        trigger=trigger,  # type: ignore[arg-type]
        steps=(
            FrozenStep(
                "reader", PROCESSOR, LITERALS, "steps.a.outputs.x", Retry(3, 1.5), 12.0, ("a",)
            ),
            FrozenStep("other", PROCESSOR),
        ),
        results={"content": Ref("reader", "stdout")},
    )


def test_a_frozen_version_becomes_a_workflow_version_field_by_field() -> None:
    message = workflow_version_message(
        version(FrozenActionTrigger(SOURCE, {"seconds": LiteralBinding(30)}))
    )
    assert (message.workflow_id, message.workflow_version_id, message.name, message.number) == (
        "w1",
        "w1-v3",
        "tick",
        3,
    )
    trigger = message.trigger.action
    assert message.trigger.WhichOneof("kind") == "action"
    assert (trigger.action.action_id, trigger.action.version, trigger.action.kind) == (
        "emitevery",
        "1.3",
        "Source",
    )
    assert trigger.action.artefact == "s3://a/emit.tar.gz"
    outputs = trigger.action.outputs
    assert [(s.name, s.type, s.legacy_type, s.optional, list(s.enum_values)) for s in outputs] == [
        ("time", io_type_pb2.IO_TYPE_STRING, "string", False, []),
        ("city", io_type_pb2.IO_TYPE_ENUM, "enum", True, ["a", "b"]),
    ]
    assert [(b.input, b.literal.integer_value) for b in trigger.inputs] == [("seconds", 30)]
    reader, other = message.steps
    assert (reader.id, reader.when, reader.timeout_seconds, list(reader.needs)) == (
        "reader",
        "steps.a.outputs.x",
        12.0,
        ["a"],
    )
    assert (reader.retry.attempts, reader.retry.backoff_seconds) == (3, 1.5)
    assert (reader.action.action_id, reader.action.artefact) == (
        "catfile",
        "registry/catfile@sha256:1",
    )
    resources = reader.action.resources
    assert (resources.cpu, resources.memory_bytes, resources.time_seconds, resources.gpu) == (
        0.5,
        2**26,
        30,
        1,
    )
    assert [i.name for i in reader.action.inputs] == ["file"]
    assert (other.timeout_seconds, other.retry.attempts, other.when, list(other.inputs)) == (
        0,
        1,
        "",
        [],
    )
    assert [(r.name, r.ref.node, r.ref.output) for r in message.results] == [
        ("content", "reader", "stdout")
    ]


def test_every_kind_of_binding_is_encoded() -> None:
    step = workflow_version_message(version(ManualTrigger())).steps[0]
    encoded = {b.input: b for b in step.inputs}
    assert list(encoded) == list(LITERALS)

    def literal(name: str) -> tuple[str | None, object]:
        value = encoded[name].literal
        kind = value.WhichOneof("kind")
        return kind, getattr(value, kind) if kind else None

    assert literal("none") == ("null_value", True)
    assert literal("text") == ("string_value", "x")
    assert literal("int") == ("integer_value", 7)
    assert literal("float") == ("float_value", 2.5)
    assert literal("bool") == ("boolean_value", True)
    assert literal("bytes") == ("bytes_value", b"\x00\x01")
    assert literal("static") == ("file_key", "projects/p1/files/k/a.txt")
    assert encoded["ref"].WhichOneof("source") == "ref"
    assert (encoded["ref"].ref.node, encoded["ref"].ref.output) == ("trigger", "time")
    assert (encoded["secret"].WhichOneof("source"), encoded["secret"].secret) == (
        "secret",
        "smtp-password",
    )


def test_manual_and_cron_triggers_are_encoded() -> None:
    manual = workflow_version_message(
        version(ManualTrigger((OutputSpec("q", IoType.STRING),)))
    ).trigger
    assert manual.WhichOneof("kind") == "manual"
    assert [(o.name, o.type) for o in manual.manual.outputs] == [("q", io_type_pb2.IO_TYPE_STRING)]
    cron = workflow_version_message(version(CronTrigger("0 * * * *", "Europe/Paris"))).trigger
    assert cron.WhichOneof("kind") == "cron"
    assert (cron.cron.schedule, cron.cron.timezone, list(cron.cron.outputs)) == (
        "0 * * * *",
        "Europe/Paris",
        [],
    )


def test_the_message_survives_serialisation() -> None:
    message = workflow_version_message(version(FrozenActionTrigger(SOURCE)))
    assert pb.WorkflowVersion.FromString(message.SerializeToString()) == message


def published(**changes: object) -> repository_pb.ActionPublished:
    message = repository_pb.ActionPublished(
        event_id="e1",
        project_id="p1",
        action_id="a-1",
        technical_name="send-email",
        version="1.2",
        kind="Publisher",
        type="python3",
        human_name="Send email",
        description="Sends",
        categories=["mail", "notify"],
        logo=b"\x89PNG",
        logo_media_type="image/png",
        inputs=[
            repository_pb.IoItem(
                name="subject", human_name="Subject", help="The subject", type="IO_TYPE_STRING"
            ),
            repository_pb.IoItem(
                name="prio",
                human_name="P",
                help="h",
                type="IO_TYPE_ENUM",
                enum_values=["low", "high"],
                has_default=True,
                default_value_json='"low"',
            ),
            repository_pb.IoItem(
                name="port",
                human_name="Port",
                help="h",
                type="IO_TYPE_INTEGER",
                optional=True,
                has_default=True,
                default_value_json="25",
            ),
            repository_pb.IoItem(
                name="tags",
                human_name="T",
                help="h",
                type="IO_TYPE_STRING",
                has_default=True,
                default_value_json='["a"]',
            ),
        ],
        outputs=[
            repository_pb.IoItem(name="report", human_name="R", help="h", legacy_type="table")
        ],
        dynamic_outputs=False,
        addons_json='{"http": {"port": 8080}}',
        artefact="s3://b/venv/x.tar.gz",
        source_id="src-1",
        source_name="default-actions",
        source_sha="abc123",
        content_digest="sha256:d",
        build_id="b-1",
        resources=repository_pb.Resources(cpu=1, memory_bytes=2**27, time_seconds=60),
    )
    message.published_at.FromDatetime(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    for name, value in changes.items():
        setattr(message, name, value)
    return message


def test_an_action_published_becomes_a_published_action_field_by_field() -> None:
    action = published_action(published())
    assert (action.project, action.action_id, action.technical_name, action.version) == (
        "p1",
        "a-1",
        "send-email",
        "1.2",
    )
    assert (action.kind, action.type, action.human_name, action.description) == (
        ActionKind.PUBLISHER,
        "python3",
        "Send email",
        "Sends",
    )
    assert action.categories == ("mail", "notify")
    assert (action.logo, action.logo_media_type) == (b"\x89PNG", "image/png")
    assert action.inputs == (
        IoItem("subject", IoType.STRING, "Subject", "The subject"),
        IoItem("prio", IoType.ENUM, "P", "h", ("low", "high"), has_default=True, default="low"),
        IoItem("port", IoType.INTEGER, "Port", "h", optional=True, has_default=True, default=25),
        IoItem("tags", IoType.STRING, "T", "h", has_default=True, default='["a"]'),
    )
    assert action.outputs == (IoItem("report", IoType.FILE, "R", "h"),)
    assert action.resources == Resources(cpu=1, memory_bytes=2**27, time_seconds=60, gpu=0)
    assert action.addons == {"http": {"port": 8080}}
    assert not action.dynamic_outputs
    assert (action.artefact, action.source_id, action.source_name, action.source_sha) == (
        "s3://b/venv/x.tar.gz",
        "src-1",
        "default-actions",
        "abc123",
    )
    assert (action.content_digest, action.build_id) == ("sha256:d", "b-1")
    assert action.published_at == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert published_action(published(addons_json="")).addons == {}
    assert json.dumps(dict(action.addons))


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"kind": "Trigger"}, "unknown action kind 'Trigger'"),
        ({"addons_json": "[1]"}, "addons_json is not a JSON object"),
    ],
)
def test_malformed_published_actions_are_refused(changes: dict[str, object], why: str) -> None:
    with pytest.raises(MalformedMessage, match=why):
        published_action(published(**changes))


def test_the_wire_enum_wins_over_the_legacy_name_and_only_an_unset_enum_reads_it() -> None:
    message = published()
    message.inputs[0].legacy_type = "integer"  # an inconsistent producer: the enum says string
    message.outputs[0].type = io_type_pb2.IO_TYPE_DIRECTORY
    action = published_action(message)
    assert (action.inputs[0].type, action.outputs[0].type) == (IoType.STRING, IoType.DIRECTORY)


def test_an_unknown_io_type_or_a_bad_default_is_refused() -> None:
    message = published()
    message.outputs[0].legacy_type = "matrix"
    with pytest.raises(MalformedMessage, match="IO item 'report' has unknown type 'matrix'"):
        published_action(message)
    message = published()
    message.outputs[0].type = 99  # type: ignore[assignment]  # a newer repository's type
    with pytest.raises(MalformedMessage, match="IO item 'report' has unknown type 99"):
        published_action(message)
    message = published()
    message.inputs[1].default_value_json = "{not json"
    with pytest.raises(MalformedMessage, match="input 'prio' has a default that is not JSON"):
        published_action(message)


def test_the_wire_enum_names_exactly_the_domain_io_types() -> None:
    wire = set(io_type_pb2.IoType.keys()) - {"IO_TYPE_UNSPECIFIED"}
    assert wire == {f"IO_TYPE_{t.name}" for t in IoType}
