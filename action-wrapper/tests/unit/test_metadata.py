"""Action metadata from `InitRequest`: kinds, IO types, `table` as `file`."""

from __future__ import annotations

import pytest

from flowloom.action_wrapper.metadata import Io, Kind, metadata_from_request
from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb


def request(kind: int = pb.ACTION_KIND_PROCESSOR, *outputs: pb.IoDefinition) -> pb.InitRequest:
    return pb.InitRequest(action_id="a", version="1", kind=kind, outputs=outputs)


def test_table_becomes_file_and_entry_is_handle_when_processor_is_declared() -> None:
    metadata = metadata_from_request(
        request(pb.ACTION_KIND_PROCESSOR, pb.IoDefinition(name="t", type="table", optional=True))
    )
    assert metadata.kind is Kind.PROCESSOR
    assert (metadata.kind.module_name, metadata.kind.entry_name) == ("ryax_handler", "handle")
    assert metadata.outputs == (Io("t", "file", optional=True),)


def test_entry_is_run_of_ryax_run_when_source_is_declared() -> None:
    kind = metadata_from_request(request(pb.ACTION_KIND_SOURCE)).kind
    assert (kind.module_name, kind.entry_name) == ("ryax_run", "run")


@pytest.mark.parametrize(
    ("init", "message"),
    [
        (request(pb.ACTION_KIND_UNSPECIFIED), "unsupported action kind"),
        (request(1, pb.IoDefinition(name="x", type="tensor")), "output 'x' has unknown type"),
        (
            request(
                1, pb.IoDefinition(name="x", type="file"), pb.IoDefinition(name="x", type="file")
            ),
            "duplicate output name 'x'",
        ),
    ],
)
def test_init_is_refused_when_metadata_is_invalid(init: pb.InitRequest, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        metadata_from_request(init)


def test_output_definitions_are_plain_dicts_when_described() -> None:
    assert Io("e", "enum", False, ("a", "b")).describe() == {
        "name": "e",
        "type": "enum",
        "optional": False,
        "enum_values": ["a", "b"],
    }
