"""Executions on warm wrappers: the `Run` call, its log stream and its terminal event."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import KW_ONLY, dataclass
from typing import Protocol

import grpc

from flowloom.runner.domain.invocation import (
    ActionHandle,
    Cancelled,
    ExecutionOutcome,
    ExecutionRequest,
    Failed,
    Succeeded,
    TimedOut,
)
from flowloom.runner.domain.masking import SecretMask
from flowloom.runner.domain.ports import ActionInvoker, LogSink
from flowloom.runner.infrastructure.deployer.process import WrapperProcess, cancelled_by_caller
from flowloom.runner.infrastructure.grpc.logs import LogBatcher, MaskedLogBatcher
from flowloom.runner.infrastructure.grpc.values import (
    ValueMismatch,
    execution_outputs,
    input_values,
    log_line,
)
from flowloom.runner.infrastructure.messaging.protobuf.action_wrapper.v1 import (
    wrapper_pb2 as pb,
)

log = logging.getLogger(__name__)
STOPPED = "the action process stopped during the execution"
Logs = LogBatcher | MaskedLogBatcher


class WrapperRegistry(Protocol):
    """Finds the wrapper a handle leases (LocalActionDeployer is one)."""

    def wrapper(self, handle: ActionHandle) -> WrapperProcess | None: ...


@dataclass(eq=False)
class GrpcActionInvoker(ActionInvoker):
    """Runs executions over the wrapper's open ``Session`` stream; never raises for failures.

    A timeout, a cancellation or a broken stream kills the wrapper process (a synchronous
    handler cannot be interrupted, and a wrapper in an unknown state must not be reused): its
    pool starts a fresh one on the next ``ensure``.

    For an execution given passwords or project secrets, their values are masked in its log
    lines before they reach the sink, and in its outcome (domain.masking); other executions
    skip masking altogether.
    """

    wrappers: WrapperRegistry
    logs: LogSink
    _: KW_ONLY
    log_batch_lines: int = 50
    log_batch_seconds: float = 0.1

    async def execute(self, handle: ActionHandle, request: ExecutionRequest) -> ExecutionOutcome:
        wrapper = self.wrappers.wrapper(handle)
        if wrapper is None or not wrapper.alive:
            return Failed(f"{STOPPED}: the action process is not running")
        try:
            run_request = pb.RunRequest(
                execution_id=request.execution_id,
                inputs=input_values(request.inputs, request.input_urls),
                output_urls={name: t.url for name, t in request.output_targets.items()},
            )
        except ValueMismatch as error:
            return Failed(str(error))
        batcher = LogBatcher(
            self.logs,
            request.project_id,
            request.execution_id,
            request.attempt,
            max_lines=self.log_batch_lines,
            max_delay=self.log_batch_seconds,
        )
        # Only an execution given a password or a secret pays for masking.
        mask = SecretMask.of(request.inputs)
        logs = MaskedLogBatcher(batcher, mask) if mask else batcher
        try:
            outcome = await self._run(wrapper, run_request, request, logs)
        finally:
            await logs.close()
        return mask.outcome(outcome) if mask else outcome

    async def _run(
        self,
        wrapper: WrapperProcess,
        run_request: pb.RunRequest,
        request: ExecutionRequest,
        logs: Logs,
    ) -> ExecutionOutcome:
        call = wrapper.session()
        try:
            async with asyncio.timeout(request.timeout_seconds):
                await call.write(run_request)
                terminal = await _follow(call, logs)
        except TimeoutError:
            call.cancel()
            await wrapper.kill(f"timed out after {request.timeout_seconds:g} s")
            return TimedOut(request.timeout_seconds or 0.0)
        except grpc.aio.AioRpcError as error:
            return await _stopped(wrapper, error)
        except asyncio.InvalidStateError:  # the session had ended: the wrapper did too
            return await _stopped(wrapper, None)
        except asyncio.CancelledError:
            if not cancelled_by_caller():  # the channel was closed under the call
                return await _stopped(wrapper, None)
            call.cancel()
            await wrapper.kill("the execution was cancelled")
            raise
        if terminal is None:
            await wrapper.kill("the stream ended without a result")
            return Failed(f"{STOPPED}: the wrapper ended the call without a result")
        wrapper.settled = True  # idle and sound: its pool may skip Health
        return _outcome(terminal, request)


async def _follow(
    call: grpc.aio.StreamStreamCall[pb.RunRequest, pb.RunEvent], logs: Logs
) -> pb.RunEvent | None:
    """Read the execution's events up to its terminal one (None if the stream ended first)."""
    while (event := await call.read()) is not grpc.aio.EOF:
        assert isinstance(event, pb.RunEvent)
        kind = event.WhichOneof("event")
        if kind == "log":
            await logs.add(log_line(event.log))
        elif kind in ("result", "error", "cancelled"):
            return event
    return None


def _outcome(event: pb.RunEvent, request: ExecutionRequest) -> ExecutionOutcome:
    match event.WhichOneof("event"):
        case "result":
            try:
                outputs = event.result.outputs
                return Succeeded(execution_outputs(outputs, request.output_targets, request.inputs))
            except ValueMismatch as error:
                return Failed(str(error))
        case "cancelled":
            return Cancelled(event.cancelled.code, event.cancelled.message)
    return Failed(event.error.message, event.error.traceback)


async def _stopped(wrapper: WrapperProcess, error: grpc.aio.AioRpcError | None) -> Failed:
    """The stream broke: say why, and make sure the wrapper is not reused."""
    how = await wrapper.exited(within=1.0)
    if wrapper.kill_reason is not None:
        return Failed(wrapper.kill_reason, wrapper.output_tail())
    if how is None:  # still running, yet the call failed: do not trust it any more
        await wrapper.kill("the call failed")
        how = f"{error.code().name}: {error.details()}" if error else "the call was cancelled"
    log.warning("wrapper %s stopped: %s", wrapper.pid, how)
    return Failed(f"{STOPPED}: {how}", wrapper.output_tail())
