"""Calling user code: coroutines on the event loop, plain functions in a thread of their own."""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Callable
from typing import Any


async def call_handler(entry: Callable[..., Any], *args: object) -> object:
    """Await `entry(*args)` if it is a coroutine function, else run it in a new thread."""
    if inspect.iscoroutinefunction(entry):
        result: object = await entry(*args)
    else:
        result = await in_thread(entry, *args)
    if inspect.isawaitable(result):
        result = await result
    return result


async def in_thread(function: Callable[..., Any], *args: object) -> object:
    """Run `function` in a fresh daemon thread.

    A thread cannot be interrupted: when the caller is cancelled, this waits for the thread to
    return before re-raising, so that the next execution never overlaps with this one.
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[object] = loop.create_future()

    def settle(result: object, error: BaseException | None) -> None:
        if done.cancelled():
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)

    def target() -> None:
        try:
            result = function(*args)
        except BaseException as error:  # handed over to the awaiting coroutine
            loop.call_soon_threadsafe(settle, None, error)
        else:
            loop.call_soon_threadsafe(settle, result, None)

    threading.Thread(target=target, name="flowloom-handler", daemon=True).start()
    try:
        return await asyncio.shield(done)
    except asyncio.CancelledError:
        await asyncio.wait([done])
        done.exception()  # retrieved: the execution is over anyway
        raise
