"""Following a source's ``Run`` stream: each ``create_run`` becomes an event, to its end."""

from __future__ import annotations

import asyncio
import contextlib
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import grpc

from flowloom.runner.domain.invocation import LogLine
from flowloom.runner.domain.masking import LogMasker, SecretMask
from flowloom.runner.domain.values import TriggerValue
from flowloom.runner.infrastructure.deployer.process import WrapperProcess, cancelled_by_caller
from flowloom.runner.infrastructure.grpc.values import trigger_outputs
from flowloom.runner.infrastructure.messaging.protobuf.action_wrapper.v1 import (
    wrapper_pb2 as pb,
)


class SourceEvents(ABC):
    """What a running source asks for, in stream order; text already masked."""

    @abstractmethod
    async def run_requested(
        self, outputs: Mapping[str, TriggerValue], masked: frozenset[str]
    ) -> None:
        """``masked``: outputs whose text holds one of the source's masked input values."""

    @abstractmethod
    async def run_error_reported(self, message: str) -> None: ...

    @abstractmethod
    async def logged(self, stream: str, line: str) -> None: ...


async def follow_source(
    wrapper: WrapperProcess,
    request: pb.RunRequest,
    events: SourceEvents,
    mask: SecretMask | None = None,
) -> str | None:
    """Hold the source's stream until it ends: None when ``run`` returned, else why it stopped.

    The values of ``mask`` (the source's passwords and secrets) are masked in its log lines
    and messages, as in an execution's. Cancelling the caller cancels the call; the wrapper
    then cancels the source's task.
    """
    mask = mask or SecretMask([])
    masker = LogMasker(mask) if mask else None
    try:
        stopped = await _follow(wrapper, request, _Masked(events, mask, masker))
    finally:
        for line in masker.flush() if masker else []:
            await events.logged(line.stream, line.line)
    return mask.text(stopped) if stopped else stopped


@dataclass(eq=False)
class _Masked(SourceEvents):
    """Masks what the source sends before its events see it."""

    events: SourceEvents
    mask: SecretMask
    masker: LogMasker | None

    async def run_requested(
        self, outputs: Mapping[str, TriggerValue], masked: frozenset[str]
    ) -> None:
        holding = {n for n, v in outputs.items() if isinstance(v, str) and self.mask.found_in(v)}
        await self.events.run_requested(outputs, masked | holding)

    async def run_error_reported(self, message: str) -> None:
        await self.events.run_error_reported(self.mask.text(message))

    async def logged(self, stream: str, line: str) -> None:
        if self.masker is None:
            await self.events.logged(stream, line)
            return
        for kept in self.masker.feed(LogLine(stream, line, datetime.now(UTC))):
            await self.events.logged(kept.stream, kept.line)


async def _follow(
    wrapper: WrapperProcess, request: pb.RunRequest, events: SourceEvents
) -> str | None:
    await _until_idle(wrapper)
    call = wrapper.stub.Run(request)
    error: str | None = None
    try:
        async for event in call:
            match event.WhichOneof("event"):
                case "run":
                    await events.run_requested(trigger_outputs(event.run.outputs), frozenset())
                case "run_error":
                    await events.run_error_reported(event.run_error.message)
                case "log":
                    await events.logged(event.log.stream, event.log.line)
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
