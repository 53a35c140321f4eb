"""Warm pools of wrapper processes, one pool per action deployment."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator

from flowloom.runner.infrastructure.deployer.process import ActionEnvironment, WrapperProcess
from flowloom.runner.infrastructure.messaging.protobuf.action_wrapper.v1 import (
    wrapper_pb2 as pb,
)

log = logging.getLogger(__name__)


class ActionPool:
    """Up to `concurrency` wrappers of one action; each runs one execution at a time.

    Wrappers start on first use (cold start paid once), are reused while warm, are stopped
    after `idle_timeout` seconds unused, and are replaced when they die or are killed."""

    def __init__(
        self,
        env: ActionEnvironment,
        init: pb.InitRequest,
        *,
        concurrency: int = 4,
        idle_timeout: float = 300.0,
    ) -> None:
        self.env = env
        self.init = init
        self.idle_timeout = idle_timeout
        self._slots = asyncio.Semaphore(concurrency)
        self._idle: list[WrapperProcess] = []
        self._busy: set[WrapperProcess] = set()
        self._closed = False

    @contextlib.asynccontextmanager
    async def lease(self) -> AsyncIterator[WrapperProcess]:
        """A ready wrapper for one execution; kill it (`.kill()`) if it must not be reused."""
        async with self._slots:
            wrapper = await self._take()
            self._busy.add(wrapper)
            try:
                yield wrapper
            finally:
                self._busy.discard(wrapper)
                wrapper.last_used = time.monotonic()
                if wrapper.alive and not self._closed:
                    self._idle.append(wrapper)
                else:
                    await wrapper.stop()

    async def _take(self) -> WrapperProcess:
        while self._idle:
            wrapper = self._idle.pop()
            if wrapper.alive:
                return wrapper
            log.warning("wrapper of %s died: %s", self.init.action_id, wrapper.output_tail())
            await wrapper.stop()
        wrapper = await WrapperProcess.start(self.env)
        try:
            await wrapper.init(self.init)
        except Exception:
            await wrapper.kill()
            raise
        return wrapper

    @property
    def size(self) -> int:
        return len(self._idle) + len(self._busy)

    async def reap_idle(self) -> int:
        """Stop wrappers unused for longer than the idle timeout; returns how many."""
        now = time.monotonic()
        stale = [w for w in self._idle if now - w.last_used > self.idle_timeout]
        for wrapper in stale:
            self._idle.remove(wrapper)
            await wrapper.stop()
        return len(stale)

    async def close(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        for wrapper in idle + list(self._busy):
            await wrapper.stop()
