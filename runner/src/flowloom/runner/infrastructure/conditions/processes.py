"""A small pool of condition worker processes, each answering one request at a time."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from dataclasses import dataclass, field

from flowloom.runner.infrastructure.conditions.worker import READY

WORKER = ("-P", "-m", "flowloom.runner.infrastructure.conditions.worker")


class BudgetExceeded(Exception):
    """The worker did not answer within the time budget; it was killed."""


class WorkerFailed(Exception):
    """The worker ended or could not start (its message says how)."""


@dataclass(eq=False)
class ConditionWorkers:
    """Up to ``size`` workers started on demand; a request that outlives ``budget`` seconds
    kills its worker (the next request starts a fresh one) instead of blocking the runner.

    The budget counts from the request's hand-over: waiting for a free worker or for one to
    start (importing cel-python takes about a second) is not part of it.
    """

    size: int
    budget: float
    start_timeout: float = 30.0
    _slots: asyncio.Semaphore = field(init=False)
    _idle: list[asyncio.subprocess.Process] = field(init=False, default_factory=list)
    _running: set[asyncio.subprocess.Process] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        self._slots = asyncio.Semaphore(self.size)

    async def ask(self, line: bytes) -> dict[str, object]:
        """The worker's answer to the request ``line``; BudgetExceeded or WorkerFailed."""
        async with self._slots:
            process = self._idle.pop() if self._idle else await self._start()
            try:
                answer = await asyncio.wait_for(_exchange(process, line), self.budget)
            except TimeoutError:
                await self._kill(process)
                raise BudgetExceeded from None
            except (OSError, ValueError, EOFError) as error:
                await self._kill(process)
                raise WorkerFailed(f"the condition worker stopped ({error})") from None
            except BaseException:
                await self._kill(process)  # cancelled mid-request: its answer would be stale
                raise
            self._idle.append(process)
            return answer

    async def close(self) -> None:
        """Stop every worker."""
        self._idle.clear()
        for process in list(self._running):
            await self._kill(process)

    async def _start(self) -> asyncio.subprocess.Process:
        try:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                *WORKER,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                env=_environment(),
            )
        except OSError as error:
            raise WorkerFailed(f"the condition worker could not start ({error})") from None
        self._running.add(process)
        assert process.stdout is not None
        try:
            greeting = await asyncio.wait_for(process.stdout.readline(), self.start_timeout)
        except TimeoutError:
            greeting = b""
        except BaseException:
            await self._kill(process)
            raise
        if greeting != READY:
            await self._kill(process)
            raise WorkerFailed(
                f"the condition worker did not start within {self.start_timeout:g} s"
            )
        return process

    async def _kill(self, process: asyncio.subprocess.Process) -> None:
        self._running.discard(process)
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


def _environment() -> dict[str, str]:
    """The runner's environment without its settings: keys stay out of the worker."""
    return {name: value for name, value in os.environ.items() if not name.startswith("FLOWLOOM_")}


async def _exchange(process: asyncio.subprocess.Process, line: bytes) -> dict[str, object]:
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write(line)
    await process.stdin.drain()
    reply = await process.stdout.readline()
    if not reply:
        raise EOFError(f"exit status {await process.wait()}")
    answer = json.loads(reply)
    if not isinstance(answer, dict):
        raise ValueError("an answer that is not an object")
    return answer
