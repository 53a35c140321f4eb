"""A source deployment: awaits `run(service, input_values)` until it returns, raises or stops."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flowloom.action_wrapper.capture import Emit, LogSink, captured_output
from flowloom.action_wrapper.errors import ExecutionError, failed, failed_by
from flowloom.action_wrapper.inputs import read_inputs
from flowloom.action_wrapper.loader import LoadedAction
from flowloom.action_wrapper.metadata import Io
from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb
from flowloom.action_wrapper.source_protocol import RyaxRunStatus, RyaxSourceProtocol
from flowloom.action_wrapper.transfer import Transfers, inline
from flowloom.action_wrapper.values import check_outputs, to_value
from flowloom.action_wrapper.workspace import Workspace

DEFAULT_RUN_ERROR = "the source reported an error"


class SourceService(RyaxSourceProtocol):
    """The `service` handed to `run`: each call becomes an event of the `Run` stream."""

    def __init__(self, outputs: Sequence[Io], emit: Emit, sink: LogSink, workspace: Workspace):
        self._outputs, self._emit, self._sink = tuple(outputs), emit, sink
        self._workspace = workspace

    async def create_run(
        self,
        data: dict[str, Any],
        running_time: float | None = None,
        status: RyaxRunStatus | None = None,
    ) -> None:
        if status is not None and getattr(status, "name", None) == "ERROR":
            await self.create_run_error()
            return
        checked, warnings = check_outputs(self._outputs, data, self._workspace.work)
        for warning in warnings:
            self._sink.line("wrapper", warning)
        values: dict[str, pb.Value] = {}
        for name, value in checked.items():
            if isinstance(value, Path):
                ref = await asyncio.to_thread(inline, value, self._workspace.scratch)
                values[name] = pb.Value(file_value=ref)
            else:
                values[name] = to_value(value)
        self._emit(pb.RunEvent(run=pb.RunRequested(outputs=values)))

    async def create_run_error(self, message: str = "") -> None:
        reported = pb.RunErrorReported(message=message or DEFAULT_RUN_ERROR)
        self._emit(pb.RunEvent(run_error=reported))

    def get_output_definitions(self) -> list[dict[str, Any]]:
        return [io.describe() for io in self._outputs]


async def run_source(
    action: LoadedAction,
    request: pb.RunRequest,
    emit: Emit,
    sink: LogSink,
    files: Transfers,
) -> pb.RunEvent | None:
    """Run the source to its end; None when it returned, an `ExecutionFailed` when it raised.

    Cancellation (the runner ending the call) propagates into `run` and cleans up on the way out.
    """
    with Workspace() as workspace:
        try:
            inputs = await read_inputs(
                files, action.metadata.inputs, request, workspace.inputs, sink
            )
        except ExecutionError as error:
            return failed(str(error))
        service = SourceService(action.metadata.outputs, emit, sink, workspace)
        with workspace.activated(), captured_output(sink):
            try:
                await action.entry(service, inputs)
            except (Exception, SystemExit) as error:
                return failed_by(error)
        return None
