"""Test harness: Ryax-format actions in tmp, the wrapper as a subprocess, a real gRPC client."""

from __future__ import annotations

import asyncio
import io as bytes_io
import re
import shutil
import textwrap
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import grpc
from minio import Minio

from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb
from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2_grpc as pb_grpc

READY = re.compile(r"^ready on (\S+):(\d+)$")
KINDS = {
    "Processor": pb.ACTION_KIND_PROCESSOR,
    "Publisher": pb.ACTION_KIND_PUBLISHER,
    "Source": pb.ACTION_KIND_SOURCE,
}
DEADLINE = 20.0


def text(value: str) -> pb.Value:
    return pb.Value(string_value=value)


def terminal(events: list[pb.RunEvent]) -> pb.RunEvent:
    """The last event of a processor stream, after log lines only."""
    assert events, "no event"
    assert all(event.HasField("log") for event in events[:-1])
    return events[-1]


def io(name: str, io_type: str, optional: bool = False, *enum: str) -> pb.IoDefinition:
    return pb.IoDefinition(name=name, type=io_type, optional=optional, enum_values=enum)


@dataclass
class Action:
    """A Ryax-format action directory: metadata file and handler module."""

    kind: str
    code: str
    inputs: Sequence[pb.IoDefinition] = ()
    outputs: Sequence[pb.IoDefinition] = ()

    def write(self, directory: Path) -> Path:
        directory.mkdir(parents=True)
        module = "ryax_run.py" if self.kind == "Source" else "ryax_handler.py"
        (directory / module).write_text(textwrap.dedent(self.code))
        (directory / "ryax_metadata.yaml").write_text(self._metadata())
        return directory

    def init_request(self) -> pb.InitRequest:
        return pb.InitRequest(
            action_id="test-action",
            version="1.0",
            kind=KINDS[self.kind],
            inputs=self.inputs,
            outputs=self.outputs,
        )

    def _metadata(self) -> str:
        def items(ios: Sequence[pb.IoDefinition]) -> str:
            return "".join(
                f"    - name: {d.name}\n      human_name: {d.name}\n      help: {d.name}\n"
                f"      type: {d.type}\n      optional: {str(d.optional).lower()}\n"
                for d in ios
            )

        return (
            'apiVersion: "ryax.tech/v2.0"\n'
            f"kind: {self.kind}\n"
            "spec:\n  id: test-action\n  human_name: Test action\n  type: python3\n"
            '  version: "1.0"\n'
            f"  inputs:{' []' if not self.inputs else ''}\n{items(self.inputs)}"
            f"  outputs:{' []' if not self.outputs else ''}\n{items(self.outputs)}"
        )


@dataclass
class Store:
    """A bucket of the test S3 and presigned URLs into it, as the runner would hand them out."""

    client: Minio
    bucket: str

    def upload(self, data: bytes, key: str | None = None) -> str:
        key = key or uuid.uuid4().hex
        self.client.put_object(self.bucket, key, bytes_io.BytesIO(data), len(data))
        return self.client.presigned_get_object(self.bucket, key, timedelta(minutes=10))

    def upload_url(self, key: str) -> str:
        return self.client.presigned_put_object(self.bucket, key, timedelta(minutes=10))

    def download_url(self, key: str) -> str:
        return self.client.presigned_get_object(self.bucket, key, timedelta(minutes=10))

    def exists(self, key: str) -> bool:
        return any(True for _ in self.client.list_objects(self.bucket, prefix=key))

    def delete(self, key: str) -> None:
        self.client.remove_object(self.bucket, key)

    def read(self, key: str) -> bytes:
        response = self.client.get_object(self.bucket, key)
        try:
            return response.read()
        finally:
            response.close()
            response.release_conn()


@dataclass
class Wrapper:
    """A running `flowloom-action-wrapper serve` subprocess and a client to it."""

    action: Action
    process: asyncio.subprocess.Process
    address: str
    channel: grpc.aio.Channel
    stub: pb_grpc.ActionWrapperAsyncStub
    stderr: list[str] = field(default_factory=list)

    async def init(self) -> None:
        await self.stub.Init(self.action.init_request(), timeout=DEADLINE)

    async def health(self) -> pb.HealthResponse:
        return await self.stub.Health(pb.HealthRequest(), timeout=DEADLINE)

    def call(
        self, inputs: dict[str, pb.Value] | None = None, output_urls: dict[str, str] | None = None
    ) -> grpc.aio.UnaryStreamCall[pb.RunRequest, pb.RunEvent]:
        request = pb.RunRequest(execution_id="e1", inputs=inputs, output_urls=output_urls)
        return self.stub.Run(request, timeout=DEADLINE)

    async def run(
        self, inputs: dict[str, pb.Value] | None = None, output_urls: dict[str, str] | None = None
    ) -> list[pb.RunEvent]:
        return [event async for event in self.call(inputs, output_urls)]


async def start_wrapper(action: Action, directory: Path, *options: str) -> Wrapper:
    executable = shutil.which("flowloom-action-wrapper")
    assert executable, "the console script is not installed"
    process = await asyncio.create_subprocess_exec(
        executable,
        "serve",
        "--action-dir",
        str(action.write(directory)),
        "--port",
        "0",
        *options,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    stderr: list[str] = []
    address = await asyncio.wait_for(_ready_address(process.stderr, stderr), DEADLINE)
    channel = grpc.aio.insecure_channel(address)
    stub = pb_grpc.ActionWrapperStub(channel)
    wrapper = Wrapper(action, process, address, channel, stub, stderr)
    _drain(process.stderr, stderr)
    return wrapper


async def stop_wrapper(wrapper: Wrapper, *, signal_it: bool = True) -> int:
    """Close the client, send SIGTERM (unless told not to) and wait for the exit code."""
    await wrapper.channel.close()
    if signal_it and wrapper.process.returncode is None:
        wrapper.process.terminate()
    try:
        return await asyncio.wait_for(wrapper.process.wait(), DEADLINE)
    except TimeoutError:
        wrapper.process.kill()
        return await wrapper.process.wait()


async def _ready_address(stream: asyncio.StreamReader, seen: list[str]) -> str:
    while line := (await stream.readline()).decode():
        seen.append(line.rstrip("\n"))
        if match := READY.match(seen[-1]):
            return f"{match[1]}:{match[2]}"
    raise AssertionError("the wrapper exited before it was ready:\n" + "\n".join(seen))


_TASKS: set[asyncio.Task[None]] = set()


def _drain(stream: asyncio.StreamReader, seen: list[str]) -> None:
    async def drain() -> None:
        while line := await stream.readline():
            seen.append(line.decode().rstrip("\n"))

    task = asyncio.create_task(drain())
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)
