"""A processor served by a real wrapper subprocess: typed values, logs, errors, one at a time."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest

from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb

from .harness import Action, Wrapper, io, terminal, text

pytestmark = pytest.mark.integration

StartWrapper = Callable[..., Awaitable[Wrapper]]


SCALARS = [
    io("s", "string"),
    io("l", "longstring"),
    io("p", "password"),
    io("e", "enum", False, "low", "high"),
    io("i", "integer"),
    io("f", "float"),
    io("b", "boolean"),
    io("by", "bytes"),
    io("n", "string", True),
]
ECHO = {
    "sync": "def handle(inputs):\n",
    "async": "import asyncio\nasync def handle(inputs):\n    await asyncio.sleep(0)\n",
}


@pytest.mark.parametrize("style", ["sync", "async"])
async def test_handler_gets_and_returns_typed_values_when_sync_or_async(
    wrapper_for: StartWrapper, style: str
) -> None:
    code = ECHO[style] + (
        "    kinds = ','.join(type(value).__name__ for value in inputs.values())\n"
        "    return {**inputs, 'kinds': kinds}\n"
    )
    action = Action("Processor", code, inputs=SCALARS, outputs=[*SCALARS, io("kinds", "string")])
    values = {
        "s": text("short"),
        "l": text("long\ntext"),
        "p": text("secret"),
        "e": text("high"),
        "i": pb.Value(integer_value=2**62),
        "f": pb.Value(float_value=1.5),
        "b": pb.Value(boolean_value=True),
        "by": pb.Value(bytes_value=b"\x00\xff"),
        "n": pb.Value(null_value=True),
    }
    wrapper = await wrapper_for(action)
    outputs = terminal(await wrapper.run(values)).result.outputs
    assert outputs["kinds"].string_value == "str,str,str,str,int,float,bool,bytes,NoneType"
    assert {name: outputs[name] for name in values} == values


LOGS = Action(
    "Processor",
    """
    import subprocess, sys

    def handle(inputs):
        print("one")
        print("two", file=sys.stderr)
        print("three")
        code = "import sys; print('child out'); print('child err', file=sys.stderr)"
        subprocess.run([sys.executable, "-c", code], check=True)
        sys.stdout.write("unterminated")
    """,
)


async def test_log_lines_arrive_in_order_when_handler_and_child_process_print(
    wrapper_for: StartWrapper,
) -> None:
    wrapper = await wrapper_for(LOGS)
    events = await wrapper.run()
    assert terminal(events).HasField("result")
    lines = [(event.log.stream, event.log.line) for event in events[:-1]]
    own = [line for line in lines if line[1] in ("one", "two", "three")]
    assert own == [("stdout", "one"), ("stderr", "two"), ("stdout", "three")]
    assert {("stdout", "child out"), ("stderr", "child err"), ("stdout", "unterminated")} <= set(
        lines
    )
    assert all(event.log.timestamp_ms > 0 for event in events[:-1])


WAITING = Action(
    "Processor",
    """
    import os, time

    def handle(inputs):
        print("waiting", flush=True)
        deadline = time.monotonic() + 15
        while not os.path.exists(inputs["release"]) and time.monotonic() < deadline:
            time.sleep(0.01)
        return {"released": os.path.exists(inputs["release"])}
    """,
    inputs=[io("release", "string")],
    outputs=[io("released", "boolean")],
)


async def test_log_line_arrives_before_handler_returns_when_handler_is_still_running(
    wrapper_for: StartWrapper, tmp_path: Path
) -> None:
    wrapper = await wrapper_for(WAITING)
    release = tmp_path / "release"
    events = []
    async for event in wrapper.call({"release": text(str(release))}):
        events.append(event)
        if event.log.line == "waiting":
            release.touch()  # only a line streamed live lets the handler finish in time
    assert terminal(events).result.outputs["released"].boolean_value is True


@dataclass
class Busy:
    """A wrapper executing WAITING, which has said it waits: it ends once `release` exists."""

    wrapper: Wrapper
    release: Path
    inputs: dict[str, pb.Value]
    rest: AsyncIterator[pb.RunEvent]  # the execution's events after "waiting"

    async def released(self) -> bool:
        self.release.touch()
        events = [event async for event in self.rest]
        return terminal(events).result.outputs["released"].boolean_value


async def busy(wrapper_for: StartWrapper, tmp_path: Path) -> Busy:
    wrapper = await wrapper_for(WAITING)
    release = tmp_path / "release"
    inputs = {"release": text(str(release))}
    events = aiter(wrapper.call(inputs))
    assert (await anext(events)).log.line == "waiting"
    return Busy(wrapper, release, inputs, events)


async def test_second_run_is_rejected_with_resource_exhausted_when_execution_is_running(
    wrapper_for: StartWrapper, tmp_path: Path
) -> None:
    first = await busy(wrapper_for, tmp_path)
    with pytest.raises(grpc.aio.AioRpcError) as rejected:
        await first.wrapper.run(first.inputs)
    assert rejected.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert (await first.wrapper.health()).busy is True
    assert await first.released() is True
    assert (await first.wrapper.health()).busy is False


async def test_execution_fails_with_last_traceback_line_when_handler_raises(
    wrapper_for: StartWrapper,
) -> None:
    action = Action("Processor", "def handle(inputs):\n    raise ValueError('bad')\n")
    wrapper = await wrapper_for(action)
    error = terminal(await wrapper.run()).error
    assert error.message == "ValueError: bad"
    assert error.traceback.startswith("Traceback")
    assert "in handle" in error.traceback


RYAX_EXCEPTION = Action(
    "Processor",
    """
    from dataclasses import dataclass

    @dataclass
    class RyaxException(Exception):
        message: str
        code: int

    def handle(inputs):
        raise RyaxException(message="User 7 not found", code=404)
    """,
)


async def test_execution_is_cancelled_with_code_and_message_when_handler_raises_ryax_exception(
    wrapper_for: StartWrapper,
) -> None:
    wrapper = await wrapper_for(RYAX_EXCEPTION)
    cancelled = terminal(await wrapper.run()).cancelled
    assert (cancelled.code, cancelled.message) == (404, "User 7 not found")


async def test_execution_fails_naming_output_when_handler_returns_wrong_type(
    wrapper_for: StartWrapper,
) -> None:
    action = Action(
        "Processor",
        "def handle(inputs):\n    return {'count': 'three'}\n",
        outputs=[io("count", "integer"), io("label", "string")],
    )
    wrapper = await wrapper_for(action)
    message = terminal(await wrapper.run()).error.message
    assert "output 'count' has the wrong type: expected integer, got str" in message
    assert "output 'label' is missing" in message


async def test_undeclared_output_is_ignored_with_warning_when_handler_returns_extra_key(
    wrapper_for: StartWrapper,
) -> None:
    action = Action(
        "Processor",
        "def handle(inputs):\n    return {'count': 3, 'extra': 1}\n",
        outputs=[io("count", "integer")],
    )
    wrapper = await wrapper_for(action)
    events = await wrapper.run()
    assert dict(terminal(events).result.outputs) == {"count": pb.Value(integer_value=3)}
    assert ("wrapper", "output 'extra' is not declared: ignored") in [
        (event.log.stream, event.log.line) for event in events
    ]


SESSION = Action(
    "Processor",
    """
    import os, subprocess, sys, tempfile

    def handle(inputs):
        print("call", inputs["n"])
        code = f"import os; os.write(1, b'child of {inputs['n']} no newline')"
        subprocess.run([sys.executable, "-c", code], check=True)
        left = os.path.join(os.getcwd(), "left.txt")
        had = os.path.exists(left) or bool(os.listdir(tempfile.gettempdir()))
        open(left, "w").write("x")
        open(os.path.join(tempfile.gettempdir(), "tmp.txt"), "w").write("x")
        return {"pid": os.getpid(), "had_leftovers": had}
    """,
    inputs=[io("n", "integer")],
    outputs=[io("pid", "integer"), io("had_leftovers", "boolean")],
)


async def session_events(
    call: grpc.aio.StreamStreamCall[pb.RunRequest, pb.RunEvent], request: pb.RunRequest
) -> list[pb.RunEvent]:
    """Send one request on an open Session stream; read its events up to the terminal one."""
    await call.write(request)
    events: list[pb.RunEvent] = []
    while (event := await call.read()) is not grpc.aio.EOF:
        assert isinstance(event, pb.RunEvent)
        events.append(event)
        if event.WhichOneof("event") != "log":
            return events
    raise AssertionError(f"the stream ended without a terminal event: {events}")


async def test_executions_follow_each_other_on_one_session_with_own_logs_and_clean_workspace(
    wrapper_for: StartWrapper,
) -> None:
    wrapper = await wrapper_for(SESSION)
    call = wrapper.stub.Session()
    results = []
    for n in range(3):
        request = pb.RunRequest(execution_id=f"e{n}", inputs={"n": pb.Value(integer_value=n)})
        events = await session_events(call, request)
        lines = [event.log.line for event in events if event.HasField("log")]
        # Each execution has its own lines, its child's unterminated one included.
        assert lines == [f"call {n}", f"child of {n} no newline"]
        results.append(terminal(events).result.outputs)
    call.cancel()
    assert len({outputs["pid"].integer_value for outputs in results}) == 1  # one process
    # The workspace is reused, yet what an execution left is gone before the next one.
    assert [outputs["had_leftovers"].boolean_value for outputs in results] == [False] * 3
    assert (await wrapper.health()).busy is False


async def test_session_ends_with_resource_exhausted_when_run_is_already_executing(
    wrapper_for: StartWrapper, tmp_path: Path
) -> None:
    first = await busy(wrapper_for, tmp_path)
    call = first.wrapper.stub.Session()
    await call.write(pb.RunRequest(execution_id="e2", inputs=first.inputs))
    with pytest.raises(grpc.aio.AioRpcError) as rejected:
        await call.read()
    assert rejected.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    assert await first.released()
