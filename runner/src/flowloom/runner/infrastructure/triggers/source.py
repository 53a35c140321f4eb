"""Following a source's ``Run`` stream: each ``create_run`` becomes an event, to its end."""

from __future__ import annotations

import asyncio
import contextlib
from abc import ABC, abstractmethod
from collections.abc import Mapping

import grpc

from flowloom.runner.domain.values import TriggerValue
from flowloom.runner.infrastructure.deployer.process import WrapperProcess, cancelled_by_caller
from flowloom.runner.infrastructure.grpc.values import trigger_outputs
from flowloom.runner.infrastructure.messaging.protobuf.action_wrapper.v1 import (
    wrapper_pb2 as pb,
)


class SourceEvents(ABC):
    """What a running source asks for, in stream order."""

    @abstractmethod
    async def run_requested(self, outputs: Mapping[str, TriggerValue]) -> None: ...

    @abstractmethod
    async def run_error_reported(self, message: str) -> None: ...

    @abstractmethod
    def logged(self, stream: str, line: str) -> None: ...


async def follow_source(
    wrapper: WrapperProcess, request: pb.RunRequest, events: SourceEvents
) -> str | None:
    """Hold the source's stream until it ends: None when ``run`` returned, else why it stopped.

    Cancelling the caller cancels the call; the wrapper then cancels the source's task.
    """
    await _until_idle(wrapper)
    call = wrapper.stub.Run(request)
    error: str | None = None
    try:
        async for event in call:
            match event.WhichOneof("event"):
                case "run":
                    await events.run_requested(trigger_outputs(event.run.outputs))
                case "run_error":
                    await events.run_error_reported(event.run_error.message)
                case "log":
                    events.logged(event.log.stream, event.log.line)
                case "error":
                    error = event.error.message or "the source raised an exception"
    except grpc.aio.AioRpcError as failure:
        return error or await _broken(wrapper, failure)
    except asyncio.CancelledError:
        if not cancelled_by_caller():  # the channel was closed under the call
            return error or await _broken(wrapper, None)
        call.cancel()
        raise
    return error


async def _broken(wrapper: WrapperProcess, failure: grpc.aio.AioRpcError | None) -> str:
    how = await wrapper.exited(within=1.0)
    if wrapper.kill_reason is not None:
        return wrapper.kill_reason
    if how is None:
        await wrapper.kill("the source's call failed")  # not reused in an unknown state
        how = f"{failure.code().name}: {failure.details()}" if failure else "call cancelled"
    return f"the source action process stopped: {how}"


async def _until_idle(wrapper: WrapperProcess, within: float = 5.0) -> None:
    """A restarted source may find its wrapper still cancelling the previous ``run``."""
    deadline = asyncio.get_running_loop().time() + within
    with contextlib.suppress(grpc.aio.AioRpcError):  # the Run call then reports the problem
        while (await wrapper.stub.Health(pb.HealthRequest(), timeout=within)).busy:
            if asyncio.get_running_loop().time() > deadline:
                return
            await asyncio.sleep(0.05)
