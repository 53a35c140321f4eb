"""The typed `inputs` dict a handler receives, with file and directory inputs staged locally."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from flowloom.action_wrapper.capture import LogSink
from flowloom.action_wrapper.metadata import Io
from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb
from flowloom.action_wrapper.transfer import Transfers, stage
from flowloom.action_wrapper.values import check_input


async def read_inputs(
    transfers: Transfers,
    declared: Sequence[Io],
    request: pb.RunRequest,
    into: Path,
    sink: LogSink,
) -> dict[str, object]:
    """Convert every declared input; stage files under `into` (recorded in `transfers`); warn
    about undeclared ones."""
    values: dict[str, object] = {}
    for io in declared:
        value = check_input(io, request.inputs.get(io.name))
        if isinstance(value, pb.FileRef):
            value = str(await stage(transfers, io.name, value, io.type == "directory", into))
        values[io.name] = value
    names = {io.name for io in declared}
    for name in sorted(set(request.inputs) - names):
        sink.line("wrapper", f"input {name!r} is not declared: ignored")
    return values
