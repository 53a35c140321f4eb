"""A source served by a real wrapper subprocess: runs requested, errors, end and cancellation."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import grpc
import pytest

from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb
from flowloom.testkit.testing import eventually

from .harness import Action, Wrapper, io, stop_wrapper

pytestmark = pytest.mark.integration

StartWrapper = Callable[..., Awaitable[Wrapper]]
OUTPUTS = [io("label", "string"), io("count", "integer"), io("data", "file", True)]

THREE_RUNS = Action(
    "Source",
    """
    import pathlib
    from ryax_wrapper import RyaxSourceProtocol

    async def run(service: RyaxSourceProtocol, input_values: dict) -> None:
        names = [output["name"] for output in service.get_output_definitions()]
        await service.create_run({"label": ",".join(names), "count": 1})
        await service.create_run({"label": input_values["prefix"] + "two", "count": 2})
        pathlib.Path("payload.txt").write_bytes(b"inline bytes")
        await service.create_run({"label": "three", "count": 3, "data": "payload.txt"})
        await service.create_run_error()
    """,
    inputs=[io("prefix", "string")],
    outputs=OUTPUTS,
)


async def test_stream_carries_three_runs_then_ends_when_source_returns(
    wrapper_for: StartWrapper,
) -> None:
    wrapper = await wrapper_for(THREE_RUNS)
    call = wrapper.call({"prefix": pb.Value(string_value="run-")})
    events = [event async for event in call]
    assert await call.code() == grpc.StatusCode.OK
    assert [event.WhichOneof("event") for event in events] == ["run", "run", "run", "run_error"]
    first, second, third = (dict(event.run.outputs) for event in events[:3])
    assert first["label"].string_value == "label,count,data"
    assert second["label"].string_value == "run-two"
    assert second["data"] == pb.Value(null_value=True)
    assert third["count"].integer_value == 3
    assert third["data"].file_value == pb.FileRef(
        name="payload.txt", content=b"inline bytes", size=12
    )
    assert events[3].run_error.message


async def test_stream_ends_with_last_traceback_line_when_source_raises(
    wrapper_for: StartWrapper,
) -> None:
    action = Action(
        "Source",
        """
        async def run(service, input_values):
            await service.create_run({"label": "one", "count": 1})
            raise RuntimeError("sensor lost")
        """,
        outputs=OUTPUTS,
    )
    wrapper = await wrapper_for(action)
    events = await wrapper.run()
    assert [event.WhichOneof("event") for event in events] == ["run", "error"]
    assert events[1].error.message == "RuntimeError: sensor lost"
    assert "raise RuntimeError" in events[1].error.traceback


async def test_source_runs_unchanged_when_it_imports_the_legacy_protocol_module(
    wrapper_for: StartWrapper,
) -> None:
    action = Action(
        "Source",
        """
        from typing import Dict

        import ryax_wrapper
        from ryax_execution.ryax_source_protocol import RyaxSourceProtocol

        async def run(service: RyaxSourceProtocol, input_values: Dict):
            same = RyaxSourceProtocol is ryax_wrapper.RyaxSourceProtocol
            print("protocol", isinstance(service, RyaxSourceProtocol))
            await service.create_run({"same": same}, running_time=0.5)
        """,
        outputs=[io("same", "boolean")],
    )
    wrapper = await wrapper_for(action)
    events = await wrapper.run()
    assert [event.WhichOneof("event") for event in events] == ["log", "run"]
    assert events[0].log.line == "protocol True"
    assert events[1].run.outputs["same"].boolean_value is True


FOREVER = Action(
    "Source",
    """
    import asyncio, pathlib

    async def run(service, input_values):
        await service.create_run({})
        try:
            await asyncio.Event().wait()
        finally:
            pathlib.Path(input_values["marker"]).write_text("cleaned up")
    """,
    inputs=[io("marker", "string")],
)


async def test_source_task_is_cancelled_cleanly_when_runner_cancels_the_call(
    wrapper_for: StartWrapper, tmp_path: Path
) -> None:
    wrapper = await wrapper_for(FOREVER)
    marker = tmp_path / "marker"
    call = wrapper.call({"marker": pb.Value(string_value=str(marker))})
    assert (await anext(aiter(call))).HasField("run")
    assert (await wrapper.health()).busy is True
    call.cancel()

    async def stopped() -> bool:
        return marker.exists() and not (await wrapper.health()).busy

    await eventually(stopped)
    assert marker.read_text() == "cleaned up"


async def test_stream_ends_unavailable_when_wrapper_stops_during_source(
    wrapper_for: StartWrapper, tmp_path: Path
) -> None:
    wrapper = await wrapper_for(FOREVER)
    marker = tmp_path / "marker"
    stream = aiter(wrapper.call({"marker": pb.Value(string_value=str(marker))}))
    assert (await anext(stream)).HasField("run")
    wrapper.process.terminate()
    with pytest.raises(grpc.aio.AioRpcError) as ended:
        await asyncio.wait_for(anext(stream), 10)
    assert ended.value.code() == grpc.StatusCode.UNAVAILABLE
    assert await stop_wrapper(wrapper, signal_it=False) == 0
    assert marker.read_text() == "cleaned up"


async def test_session_is_refused_with_failed_precondition_when_action_is_a_source(
    wrapper_for: StartWrapper,
) -> None:
    wrapper = await wrapper_for(FOREVER)
    call = wrapper.stub.Session()  # refused before any request is read
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await call.read()
    assert refused.value.code() == grpc.StatusCode.FAILED_PRECONDITION
