"""Calling handlers: coroutines awaited, functions in a thread that cancellation waits for."""

from __future__ import annotations

import asyncio
import sys
import threading

import pytest

from flowloom.action_wrapper.calling import call_handler


async def test_coroutine_runs_on_loop_when_handler_is_async() -> None:
    async def handle(inputs: dict[str, int]) -> dict[str, str]:
        return {"thread": threading.current_thread().name, **inputs}

    assert await call_handler(handle, {"a": 1}) == {"thread": "MainThread", "a": 1}


async def test_function_runs_in_own_thread_when_handler_is_sync() -> None:
    def handle(inputs: dict[str, int]) -> str:
        return threading.current_thread().name

    assert await call_handler(handle, {}) == "flowloom-handler"


async def test_exit_is_raised_to_caller_when_sync_handler_calls_sys_exit() -> None:
    def handle(inputs: object) -> None:
        sys.exit(3)

    with pytest.raises(SystemExit):
        await call_handler(handle, {})


async def test_cancellation_waits_for_thread_when_sync_handler_is_still_running() -> None:
    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def handle(inputs: object) -> None:
        started.set()
        release.wait(10)
        finished.set()

    task = asyncio.create_task(call_handler(handle, {}))
    assert await asyncio.to_thread(started.wait, 10)
    task.cancel()
    await asyncio.sleep(0)  # let the cancellation reach the waiting coroutine
    assert not task.done()
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert finished.is_set()


async def test_one_thread_serves_calls_in_turn_when_a_handler_exited() -> None:
    def handle(inputs: object) -> int:
        if inputs == "exit":
            sys.exit(1)
        return threading.get_ident()

    first = await call_handler(handle, {})
    with pytest.raises(SystemExit):
        await call_handler(handle, "exit")
    assert await call_handler(handle, {}) == first  # the thread survived and was reused
    assert first != threading.get_ident()
