"""Calling user code: coroutines on the event loop, plain functions in the handler thread."""

from __future__ import annotations

import asyncio
import inspect
import queue
import threading
from collections.abc import Callable
from typing import Any


class HandlerThread:
    """One daemon thread, started on first use, that runs synchronous handler calls in turn.

    A wrapper runs one execution at a time, so one thread serves them all; starting a thread
    per call cost a thread start and join on every step. A thread cannot be interrupted: when
    the caller is cancelled, `call` waits for the function to return before re-raising, so
    that the next execution never overlaps with this one.
    """

    def __init__(self) -> None:
        self._calls: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    async def call(self, function: Callable[..., Any], *args: object) -> object:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[object] = loop.create_future()

        def settle(result: object, error: BaseException | None) -> None:
            if done.cancelled():
                return
            if error is not None:
                done.set_exception(error)
            else:
                done.set_result(result)

        def run() -> None:
            try:
                result = function(*args)
            except BaseException as error:  # handed over to the awaiting coroutine
                loop.call_soon_threadsafe(settle, None, error)
            else:
                loop.call_soon_threadsafe(settle, result, None)

        self._calls.put(run)
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._serve, name="flowloom-handler", daemon=True
            )
            self._thread.start()
        try:
            return await asyncio.shield(done)
        except asyncio.CancelledError:
            await asyncio.wait([done])
            done.exception()  # retrieved: the execution is over anyway
            raise

    def _serve(self) -> None:
        while True:
            self._calls.get()()  # `run` hands every outcome over, SystemExit included


_handler_thread = HandlerThread()  # the process's one (it starts on first use)


async def call_handler(entry: Callable[..., Any], *args: object) -> object:
    """Await `entry(*args)` if it is a coroutine function, else run it in the handler thread."""
    if inspect.iscoroutinefunction(entry):
        result: object = await entry(*args)
    else:
        result = await _handler_thread.call(entry, *args)
    if inspect.isawaitable(result):
        result = await result
    return result
