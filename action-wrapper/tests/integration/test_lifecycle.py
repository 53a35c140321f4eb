"""Wrapper lifecycle over gRPC: Health before and after Init, Init and Run preconditions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import grpc
import pytest

from .harness import Action, Wrapper, io

pytestmark = pytest.mark.integration

StartWrapper = Callable[..., Awaitable[Wrapper]]
ECHO = Action(
    "Publisher",
    "def handle(inputs):\n    print('published')\n",
    inputs=[io("text", "string", True)],
)


async def test_health_reports_ready_only_when_init_has_succeeded(
    wrapper_for: StartWrapper,
) -> None:
    wrapper = await wrapper_for(ECHO, init=False)
    before = await wrapper.health()
    assert (before.ready, before.busy, before.action_id) == (False, False, "")
    await wrapper.init()
    after = await wrapper.health()
    assert (after.ready, after.busy, after.action_id, after.version) == (
        True,
        False,
        "test-action",
        "1.0",
    )


async def test_run_is_refused_with_failed_precondition_when_not_initialized(
    wrapper_for: StartWrapper,
) -> None:
    wrapper = await wrapper_for(ECHO, init=False)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await wrapper.run()
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION


async def test_init_fails_with_last_traceback_line_when_handler_import_fails(
    wrapper_for: StartWrapper,
) -> None:
    broken = Action("Processor", "import not_installed_anywhere\n\ndef handle(inputs):\n    pass\n")
    wrapper = await wrapper_for(broken, init=False)
    with pytest.raises(grpc.aio.AioRpcError) as failed:
        await wrapper.init()
    assert failed.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert failed.value.details() == "ModuleNotFoundError: No module named 'not_installed_anywhere'"
    assert (await wrapper.health()).ready is False


async def test_init_fails_when_source_run_is_not_a_coroutine(wrapper_for: StartWrapper) -> None:
    wrapper = await wrapper_for(
        Action("Source", "def run(service, inputs):\n    pass\n"), init=False
    )
    with pytest.raises(grpc.aio.AioRpcError) as failed:
        await wrapper.init()
    assert failed.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "async def" in (failed.value.details() or "")


async def test_publisher_runs_and_init_is_idempotent_when_runner_retries_init(
    wrapper_for: StartWrapper,
) -> None:
    wrapper = await wrapper_for(ECHO)
    await wrapper.init()
    events = await wrapper.run()
    assert [event.WhichOneof("event") for event in events] == ["log", "result"]
    assert events[0].log.line == "published"
