"""One processor/publisher execution: stage inputs, call `handle`, check and upload outputs."""

from __future__ import annotations

from pathlib import Path

from flowloom.action_wrapper.calling import call_handler
from flowloom.action_wrapper.capture import LogSink, OutputCapture
from flowloom.action_wrapper.errors import (
    ExecutionError,
    cancelled_by,
    failed,
    failed_by,
    is_ryax_exception,
)
from flowloom.action_wrapper.inputs import read_inputs
from flowloom.action_wrapper.loader import LoadedAction
from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb
from flowloom.action_wrapper.transfer import Transfers, upload
from flowloom.action_wrapper.values import check_outputs, to_value
from flowloom.action_wrapper.workspace import Workspace, Workspaces, remove_leftover


async def run_processor(
    action: LoadedAction,
    request: pb.RunRequest,
    sink: LogSink,
    files: Transfers,
    workspaces: Workspaces,
    output: OutputCapture,
) -> pb.RunEvent:
    """Run `handle(inputs)` once in a clean workspace; return the terminal event.

    ``files`` moves the files (one per execution) with the HTTP client the server keeps for
    its life (a client per execution cost a TLS context, tens of milliseconds, on every step);
    the server also keeps one workspace, emptied after each execution, and one output capture
    (its pipes and threads stay).
    """
    with workspaces.clean() as workspace:
        try:
            inputs = await read_inputs(
                files, action.metadata.inputs, request, workspace.inputs, sink
            )
        except ExecutionError as error:
            return failed(str(error))
        with workspace.activated(), output.captured(sink):
            try:
                returned = await call_handler(action.entry, inputs)
            except (Exception, SystemExit) as error:
                if is_ryax_exception(error, action.module):
                    return cancelled_by(error)
                return failed_by(error)
        try:
            outputs = await _send_outputs(files, action, request, returned, workspace, sink)
        except ExecutionError as error:
            return failed(str(error))
        return pb.RunEvent(result=pb.ExecutionResult(outputs=outputs))


async def _send_outputs(
    files: Transfers,
    action: LoadedAction,
    request: pb.RunRequest,
    returned: object,
    workspace: Workspace,
    sink: LogSink,
) -> dict[str, pb.Value]:
    checked, warnings = check_outputs(action.metadata.outputs, returned, workspace.work)
    for warning in warnings:
        sink.line("wrapper", warning)
    outputs: dict[str, pb.Value] = {}
    try:
        for name, value in checked.items():
            if not isinstance(value, Path):
                outputs[name] = to_value(value)
            elif (same := files.unchanged_input(value)) is not None:
                # Already in the object store, as that input: the runner hands its key on.
                ref = pb.FileRef(name=value.name, size=same.state[0], same_as_input=same.name)
                outputs[name] = pb.Value(file_value=ref)
            else:
                url = request.output_urls.get(name)
                if not url:
                    raise ExecutionError(f"output {name!r}: the runner sent no upload URL")
                ref = await upload(files, name, url, value, workspace.scratch)
                outputs[name] = pb.Value(file_value=ref)
    finally:
        for value in checked.values():
            if isinstance(value, Path):
                remove_leftover(value, action.directory)
    return outputs
