"""Warm pools of wrapper processes, one pool per action deployment."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import KW_ONLY, dataclass, field

import grpc

from flowloom.runner.infrastructure.deployer.launcher import Launch
from flowloom.runner.infrastructure.deployer.process import WrapperProcess, WrapperStartError
from flowloom.runner.infrastructure.messaging.protobuf.action_wrapper.v1 import (
    wrapper_pb2 as pb,
)

log = logging.getLogger(__name__)
HEALTH_TIMEOUT = 2.0


@dataclass(eq=False)
class ActionPool:
    """Up to `concurrency` wrappers of one action; each runs one execution at a time.

    Wrappers start on first use (cold start paid once), are reused while warm, are stopped
    after `idle_timeout` seconds unused, and are replaced when they die or are killed. An idle
    wrapper is checked before it is handed out again: its process must not have ended, and
    unless its last call ended cleanly (`settled`), `Health` must say ready and not busy."""

    launch: Callable[[], Awaitable[Launch]]
    init: pb.InitRequest
    _: KW_ONLY
    concurrency: int = 4
    idle_timeout: float = 300.0
    start_timeout: float = 30.0
    _slots: asyncio.Semaphore = field(init=False)
    _idle: list[WrapperProcess] = field(init=False, default_factory=list)
    _busy: set[WrapperProcess] = field(init=False, default_factory=set)
    _draining: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self._slots = asyncio.Semaphore(self.concurrency)

    @contextlib.asynccontextmanager
    async def lease(self) -> AsyncIterator[WrapperProcess]:
        """A ready wrapper for one execution; kill it (`.kill()`) if it must not be reused."""
        wrapper = await self.acquire()
        try:
            yield wrapper
        finally:
            await self.give_back(wrapper)

    async def acquire(self) -> WrapperProcess:
        """A ready wrapper, waiting for a free slot; WrapperStartError when none can start."""
        await self._slots.acquire()
        try:
            wrapper = await self._take()
        except BaseException:
            self._slots.release()
            raise
        wrapper.settled = False  # until this lease's call ends cleanly
        self._busy.add(wrapper)
        return wrapper

    async def give_back(self, wrapper: WrapperProcess) -> None:
        """End a lease (once): the wrapper becomes idle, or stops if dead or draining."""
        if wrapper not in self._busy:
            return
        self._busy.discard(wrapper)
        self._slots.release()
        wrapper.last_used = time.monotonic()
        if wrapper.alive and not self._draining:
            self._idle.append(wrapper)
        else:
            await wrapper.stop()

    async def _take(self) -> WrapperProcess:
        while self._idle:
            wrapper = self._idle.pop()  # the most recently used: the others may go idle
            if await _usable(wrapper):
                return wrapper
            log.warning("wrapper of %s is gone: %s", self.init.action_id, wrapper.output_tail())
            await wrapper.kill()
            await wrapper.stop()
        return await self._start()

    async def _start(self) -> WrapperProcess:
        wrapper = await WrapperProcess.start(await self.launch(), ready_within=self.start_timeout)
        try:
            await wrapper.init(self.init, load_within=self.start_timeout)
        except grpc.aio.AioRpcError as error:
            await wrapper.kill()
            await wrapper.stop()
            raise WrapperStartError(_init_failure(error, self.start_timeout, wrapper)) from None
        except BaseException:
            await wrapper.kill()
            await wrapper.stop()
            raise
        return wrapper

    @property
    def size(self) -> int:
        return len(self._idle) + len(self._busy)

    @property
    def busy(self) -> frozenset[WrapperProcess]:
        return frozenset(self._busy)

    async def reap_idle(self) -> int:
        """Stop wrappers unused for longer than the idle timeout; returns how many."""
        now = time.monotonic()
        stale = [w for w in self._idle if now - w.last_used > self.idle_timeout]
        for wrapper in stale:
            self._idle.remove(wrapper)
        await asyncio.gather(*(wrapper.stop() for wrapper in stale))
        return len(stale)

    async def drain(self) -> None:
        """Stop the idle wrappers now and each busy one when it is given back."""
        self._draining = True
        idle, self._idle = self._idle, []
        await asyncio.gather(*(wrapper.stop() for wrapper in idle))

    async def close(self) -> None:
        """Stop every wrapper, busy ones included."""
        self._draining = True
        idle, self._idle = self._idle, []
        await asyncio.gather(*(wrapper.stop() for wrapper in idle + list(self._busy)))


async def _usable(wrapper: WrapperProcess) -> bool:
    ended = wrapper.ended()
    if ended:
        return False
    if ended is False and wrapper.settled:
        return True  # its call ended with its result and it still runs: no round trip
    try:
        health = await wrapper.stub.Health(pb.HealthRequest(), timeout=HEALTH_TIMEOUT)
    except grpc.aio.AioRpcError:
        return False
    return health.ready and not health.busy


def _init_failure(error: grpc.aio.AioRpcError, timeout: float, wrapper: WrapperProcess) -> str:
    if error.code() is grpc.StatusCode.DEADLINE_EXCEEDED:
        message = f"the action did not finish loading within {timeout:g} s"
    else:
        message = f"the action could not be loaded: {error.details() or error.code().name}"
    tail = wrapper.output_tail().strip()
    return f"{message}\naction output:\n{tail}" if tail else message
