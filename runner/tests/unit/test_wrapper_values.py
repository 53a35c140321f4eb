"""A wrapper's result as the runner reads it: uploaded files and inputs handed on unchanged."""

from __future__ import annotations

import pytest

from flowloom.runner.domain.invocation import FileTarget
from flowloom.runner.domain.values import IoType, IoValue, StoredFile
from flowloom.runner.infrastructure.grpc.values import ValueMismatch, execution_outputs
from flowloom.runner.infrastructure.messaging.protobuf.action_wrapper.v1 import (
    wrapper_pb2 as pb,
)

TARGETS = {"out": FileTarget("p/runs/r/e2/out", "http://s3/put")}
UPSTREAM = StoredFile("p/runs/r/e1/made", "made.bin", 10, False)
STATIC = StoredFile("s3://studio-files/p/w/static.csv", "static.csv")
INPUTS = {
    "doc": IoValue(IoType.FILE, UPSTREAM),
    "static": IoValue(IoType.FILE, STATIC),
    "folder": IoValue(IoType.DIRECTORY, StoredFile("p/runs/r/e1/folder", "folder", 5, True)),
    "count": IoValue(IoType.INTEGER, 3),
}


def file_output(ref: pb.FileRef) -> dict[str, pb.Value]:
    return {"out": pb.Value(file_value=ref)}


def test_stores_an_uploaded_file_at_its_target_key_when_not_same_as_input() -> None:
    outputs = file_output(pb.FileRef(url="http://s3/put", name="new.bin", size=4))
    assert execution_outputs(outputs, TARGETS, INPUTS) == {
        "out": StoredFile("p/runs/r/e2/out", "new.bin", 4, False)
    }


@pytest.mark.parametrize(("input_name", "stored"), [("doc", UPSTREAM), ("static", STATIC)])
def test_hands_the_input_file_on_when_the_output_is_same_as_input(
    input_name: str, stored: StoredFile
) -> None:
    outputs = file_output(pb.FileRef(name="renamed.bin", size=10, same_as_input=input_name))
    assert execution_outputs(outputs, TARGETS, INPUTS) == {"out": stored}


@pytest.mark.parametrize(
    ("input_name", "problem"),
    [
        ("nope", "the execution has no such input"),
        ("folder", "that input is not a stored file"),
        ("count", "that input is not a stored file"),
    ],
)
def test_refuses_same_as_input_when_the_input_is_unknown_or_not_a_file(
    input_name: str, problem: str
) -> None:
    outputs = file_output(pb.FileRef(name="x", size=1, same_as_input=input_name))
    with pytest.raises(ValueMismatch) as raised:
        execution_outputs(outputs, TARGETS, INPUTS)
    assert str(raised.value) == (
        f"output 'out' is said to be input '{input_name}' unchanged, but {problem}"
    )
