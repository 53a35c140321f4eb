"""Executions over gRPC on real wrappers: outcomes, kills, timeouts, files and logs."""

from __future__ import annotations

import asyncio
import io
import itertools
import os
import signal
import zipfile

import httpx
import pytest

from flowloom.runner.domain.invocation import (
    Cancelled,
    Failed,
    FileTarget,
    Succeeded,
    TimedOut,
)
from flowloom.runner.domain.values import IoSpec, IoType, IoValue, StoredFile
from flowloom.runner.infrastructure.deployer.local import LocalActionDeployer
from flowloom.runner.infrastructure.grpc.invoker import GrpcActionInvoker
from flowloom.runner.infrastructure.objectstore.s3 import S3FileStore

from .support import RecordingLogSink, executed, processor, request, serving_pid

pytestmark = pytest.mark.integration

SLEEPER = """\
    import os
    import sys
    import time

    def handle(inputs):
        print("started", os.getpid(), flush=True)
        time.sleep(30)
        return {}
    """


async def started_pid(logs: RecordingLogSink) -> int:
    await logs.until(lambda: any(line.line.startswith("started") for line in logs.lines()))
    line = next(line.line for line in logs.lines() if line.line.startswith("started"))
    return int(line.split()[1])


async def test_fails_naming_the_stopped_process_when_it_is_killed_mid_execution(
    make_processor, deployer: LocalActionDeployer, invoker: GrpcActionInvoker, logs
) -> None:
    handle = await deployer.ensure(processor(make_processor("sleeper", SLEEPER)))
    execution = asyncio.create_task(invoker.execute(handle, request()))
    await started_pid(logs)
    os.kill(serving_pid(deployer, handle), signal.SIGKILL)  # the wrapper, inside its sandbox

    outcome = await asyncio.wait_for(execution, 10)
    await deployer.release(handle)
    assert isinstance(outcome, Failed)
    assert outcome.message.startswith("the action process stopped during the execution: ")
    assert "signal 9" in outcome.message


async def test_kills_the_process_when_the_execution_is_cancelled(
    make_processor, deployer: LocalActionDeployer, invoker: GrpcActionInvoker, logs
) -> None:
    handle = await deployer.ensure(processor(make_processor("cancelled", SLEEPER)))
    wrapper = deployer.wrapper(handle)
    assert wrapper is not None
    execution = asyncio.create_task(invoker.execute(handle, request()))
    await started_pid(logs)

    execution.cancel()
    with pytest.raises(asyncio.CancelledError):
        await execution
    await deployer.release(handle)
    assert not wrapper.alive  # the sleeping thread could not have been stopped otherwise


async def test_times_out_and_replaces_the_process_when_the_handler_runs_too_long(
    make_processor, deployer: LocalActionDeployer, invoker: GrpcActionInvoker, logs
) -> None:
    deployment = processor(make_processor("slow", SLEEPER))
    handle = await deployer.ensure(deployment)
    wrapper = deployer.wrapper(handle)
    assert wrapper is not None

    outcome = await invoker.execute(handle, request(timeout=0.5))
    await deployer.release(handle)
    assert outcome == TimedOut(0.5)
    assert not wrapper.alive  # a synchronous handler cannot be interrupted: killed

    again = await deployer.ensure(deployment)
    replacement = deployer.wrapper(again)
    assert replacement is not None
    assert replacement.pid != wrapper.pid
    await deployer.release(again)


async def test_kills_the_process_naming_the_limit_when_it_exceeds_its_memory(
    make_processor, deployer: LocalActionDeployer, invoker: GrpcActionInvoker
) -> None:
    handler = """\
        import time

        def handle(inputs):
            hog = b"x" * (400 * 2**20)
            time.sleep(30)
            return {}
        """
    action = make_processor("hog", handler, memory_bytes=150 * 2**20)
    handle = await deployer.ensure(processor(action))

    outcome = await asyncio.wait_for(invoker.execute(handle, request()), 10)
    await deployer.release(handle)
    assert isinstance(outcome, Failed)
    assert outcome.message == "action exceeded its memory limit of 150 MiB"


async def test_moves_files_through_presigned_urls_when_inputs_and_outputs_are_files(
    make_processor, deployer: LocalActionDeployer, invoker: GrpcActionInvoker, store: S3FileStore
) -> None:
    handler = """\
        import os
        import tempfile

        def handle(inputs):
            with open(inputs["doc"]) as source:
                text = source.read()
            out = os.path.join(tempfile.gettempdir(), "shout.txt")
            with open(out, "w") as target:
                target.write(text.upper())
            folder = os.path.join(tempfile.gettempdir(), "parts")
            os.makedirs(os.path.join(folder, "sub"))
            with open(os.path.join(folder, "sub", "name.txt"), "w") as part:
                part.write(os.path.basename(inputs["doc"]))
            return {"shout": out, "parts": folder, "length": len(text)}
        """
    action = make_processor(
        "files",
        handler,
        inputs=(IoSpec("doc", IoType.FILE),),
        outputs=(
            IoSpec("shout", IoType.FILE),
            IoSpec("parts", IoType.DIRECTORY),
            IoSpec("length", IoType.INTEGER),
        ),
    )
    await store.put_bytes("projects/p/in/doc/report.txt", b"hello files")
    doc = StoredFile("projects/p/in/doc/report.txt", "report.txt", 11)
    targets = {
        name: FileTarget(key, store.put_url(key))
        for name in ("shout", "parts")
        for key in [f"projects/p/runs/r/executions/e/{name}/content"]
    }
    execution = request(
        {"doc": IoValue(IoType.FILE, doc)},
        input_urls={"doc": store.get_url(doc.key)},
        output_targets=targets,
    )
    outcome = await executed(deployer, action, execution, invoker=invoker)

    assert isinstance(outcome, Succeeded), outcome
    assert outcome.outputs["shout"] == StoredFile(targets["shout"].key, "shout.txt", 11)
    assert outcome.outputs["length"] == 11
    parts = outcome.outputs["parts"]
    assert isinstance(parts, StoredFile)
    assert (parts.name, parts.directory) == ("parts", True)
    async with httpx.AsyncClient() as client:
        shout = await client.get(store.get_url(targets["shout"].key))
        archive = await client.get(store.get_url(parts.key))
    assert shout.content == b"HELLO FILES"
    with zipfile.ZipFile(io.BytesIO(archive.content)) as zipped:
        assert zipped.read("sub/name.txt") == b"report.txt"


async def test_streams_log_lines_in_order_when_the_handler_prints_a_lot(
    make_processor, deployer: LocalActionDeployer, invoker: GrpcActionInvoker, logs
) -> None:
    handler = """\
        import sys

        def handle(inputs):
            for number in range(120):
                print(f"line {number}")
            print("to stderr", file=sys.stderr)
            return {"said": inputs["word"]}
        """
    action = make_processor(
        "chatty",
        handler,
        inputs=(IoSpec("word", IoType.STRING),),
        outputs=(IoSpec("said", IoType.STRING),),
    )
    execution = request({"word": IoValue(IoType.STRING, "hi")})
    outcome = await executed(deployer, action, execution, invoker=invoker)

    assert outcome == Succeeded({"said": "hi"})
    lines = logs.lines(execution.execution_id)
    assert [line.line for line in lines if line.stream == "stdout"] == [
        f"line {number}" for number in range(120)
    ]
    assert [(line.stream, line.line) for line in lines[120:]] == [("stderr", "to stderr")]
    assert all(len(batch) <= 50 for _, _, batch in logs.batches)
    assert len(logs.batches) >= 3
    assert all(a.timestamp <= b.timestamp for a, b in itertools.pairwise(lines))


async def test_cancels_with_code_and_message_when_the_handler_raises_ryax_exception(
    make_processor, deployer: LocalActionDeployer, invoker: GrpcActionInvoker
) -> None:
    handler = """\
        class RyaxException(Exception):
            def __init__(self, message, code):
                super().__init__(message)
                self.message, self.code = message, code

        def handle(inputs):
            raise RyaxException("nothing to do today", 409)
        """
    outcome = await executed(deployer, make_processor("nothing", handler), invoker=invoker)
    assert outcome == Cancelled(409, "nothing to do today")


async def test_fails_with_the_traceback_when_the_handler_raises(
    make_processor, deployer: LocalActionDeployer, invoker: GrpcActionInvoker
) -> None:
    handler = """\
        def handle(inputs):
            return {"ratio": 1 / inputs["count"]}
        """
    action = make_processor(
        "divide",
        handler,
        inputs=(IoSpec("count", IoType.INTEGER),),
        outputs=(IoSpec("ratio", IoType.FLOAT),),
    )
    deployment = processor(action)
    handle = await deployer.ensure(deployment)
    failed = await invoker.execute(handle, request({"count": IoValue(IoType.INTEGER, 0)}))
    worked = await invoker.execute(handle, request({"count": IoValue(IoType.INTEGER, 4)}))
    await deployer.release(handle)

    assert isinstance(failed, Failed)
    assert failed.message == "ZeroDivisionError: division by zero"
    assert "ryax_handler.py" in failed.traceback
    assert worked == Succeeded({"ratio": 0.25})  # the same warm process goes on
