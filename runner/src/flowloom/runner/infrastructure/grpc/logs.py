"""Log lines of one execution, masked and handed to the LogSink in small ordered batches."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import KW_ONLY, dataclass, field

from flowloom.runner.domain.invocation import LogLine
from flowloom.runner.domain.masking import LogMasker, SecretMask
from flowloom.runner.domain.ports import LogSink
from flowloom.servicekit.database.errors import database_unavailable

log = logging.getLogger(__name__)


@dataclass(eq=False)
class LogBatcher:
    """Buffers lines; flushes at ``max_lines`` or ``max_delay`` seconds after the first one.

    Flushes are serialised by a lock, so batches reach the sink in order. A failing sink loses
    its batch (logged) rather than the execution: logs are best effort, outcomes are not.
    """

    sink: LogSink
    project_id: str
    execution_id: str
    attempt: int
    _: KW_ONLY
    max_lines: int = 50
    max_delay: float = 0.1
    _pending: list[LogLine] = field(init=False, default_factory=list)
    _lock: asyncio.Lock = field(init=False, default_factory=asyncio.Lock)
    _timer: asyncio.TimerHandle | None = field(init=False, default=None)
    _flushes: set[asyncio.Task[None]] = field(init=False, default_factory=set)

    async def add(self, line: LogLine) -> None:
        self._pending.append(line)
        if len(self._pending) >= self.max_lines:
            await self.flush()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self.max_delay, self._on_timer)

    def _on_timer(self) -> None:
        self._timer = None
        task = asyncio.create_task(self.flush())
        self._flushes.add(task)
        task.add_done_callback(self._flushes.discard)

    async def flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        async with self._lock:
            lines, self._pending = self._pending, []
            if not lines:
                return
            try:
                await self.sink.append(self.project_id, self.execution_id, self.attempt, lines)
            except Exception as error:
                lost = (len(lines), self.execution_id)
                if database_unavailable(error):  # no traceback for each batch of an outage
                    log.warning("lost %d log lines of execution %s: database unreachable", *lost)
                else:
                    log.exception("lost %d log lines of execution %s", *lost)

    async def close(self) -> None:
        """Flush what is left, after any timer flush already under way."""
        await asyncio.gather(*self._flushes, return_exceptions=True)
        await self.flush()


class MaskedLogBatcher:
    """A LogBatcher whose lines go through a LogMasker first (an execution with values to
    mask); ``close`` hands on the lines still held back."""

    def __init__(self, batcher: LogBatcher, mask: SecretMask) -> None:
        self._batcher = batcher
        self._masker = LogMasker(mask)

    async def add(self, line: LogLine) -> None:
        for masked in self._masker.feed(line):
            await self._batcher.add(masked)

    async def close(self) -> None:
        for masked in self._masker.flush():
            await self._batcher.add(masked)
        await self._batcher.close()
