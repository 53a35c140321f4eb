"""A received `studio.v1.IoSpec`'s IO type: the wire enum, else (older studio) its legacy name."""

from __future__ import annotations

import pytest

from flowloom.runner.domain.values import IoType
from flowloom.runner.infrastructure.messaging.protobuf.common.v1 import io_type_pb2
from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.runner.infrastructure.messaging.workflow_codec import (
    MalformedMessage,
    workflow_version,
)


def manual(*specs: pb.IoSpec) -> pb.WorkflowVersion:
    return pb.WorkflowVersion(trigger=pb.Trigger(manual=pb.ManualTrigger(outputs=specs)))


def test_the_wire_enum_names_exactly_the_domain_io_types() -> None:
    wire = set(io_type_pb2.IoType.keys()) - {"IO_TYPE_UNSPECIFIED"}
    assert wire == {f"IO_TYPE_{t.name}" for t in IoType}


def test_reads_the_enum_and_falls_back_to_the_legacy_name_when_it_is_unspecified() -> None:
    version = workflow_version(
        manual(
            pb.IoSpec(name="a", type=io_type_pb2.IO_TYPE_DIRECTORY, legacy_type="string"),
            pb.IoSpec(name="b", legacy_type="password"),
            pb.IoSpec(name="c", legacy_type="table"),
        )
    )
    assert [s.type for s in version.trigger.outputs] == [  # type: ignore[union-attr]
        IoType.DIRECTORY,
        IoType.PASSWORD,
        IoType.FILE,
    ]


def test_refuses_an_enum_number_it_does_not_know() -> None:
    spec = pb.IoSpec(name="a", legacy_type="string")
    spec.type = 99  # type: ignore[assignment]  # a newer studio's type
    with pytest.raises(MalformedMessage, match="unknown IO type number 99"):
        workflow_version(manual(spec))
