"""One action-wrapper process: started from an action environment, reached over gRPC."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import grpc

from flowloom.runner.infrastructure.messaging.protobuf.action_wrapper.v1 import (
    wrapper_pb2 as pb,
)
from flowloom.runner.infrastructure.messaging.protobuf.action_wrapper.v1 import (
    wrapper_pb2_grpc as pb_grpc,
)

log = logging.getLogger(__name__)
READY = re.compile(rb"ready on ([\d.]+):(\d+)")


class WrapperStartError(Exception):
    """The wrapper did not become ready; the message carries the end of its output."""


@dataclass(frozen=True, slots=True)
class ActionEnvironment:
    """A built action: `<root>/venv` (Python with the wrapper) and `<root>/action` (the code)."""

    root: Path

    @property
    def wrapper(self) -> Path:
        return self.root / "venv" / "bin" / "flowloom-action-wrapper"

    @property
    def action_dir(self) -> Path:
        return self.root / "action"


class WrapperProcess:
    """A running `flowloom-action-wrapper serve`; one execution at a time."""

    def __init__(self, process: asyncio.subprocess.Process, port: int) -> None:
        self.process = process
        self.port = port
        self.channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
        self.stub = pb_grpc.ActionWrapperStub(self.channel)
        self.last_used = time.monotonic()
        self._output: list[bytes] = []
        self._drain_task: asyncio.Task[None] | None = None

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    @classmethod
    async def start(cls, env: ActionEnvironment, *, timeout: float = 30.0) -> WrapperProcess:
        command = [str(env.wrapper), "serve", "--action-dir", str(env.action_dir), "--port", "0"]
        process = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
        )
        seen: list[bytes] = []
        try:
            port = await asyncio.wait_for(_ready_port(process, seen), timeout)
        except (TimeoutError, WrapperStartError) as error:
            await _kill(process)
            tail = b"".join(seen)[-2000:].decode(errors="replace").strip()
            raise WrapperStartError(f"action wrapper did not start: {error or 'timeout'}\n{tail}")
        wrapper = cls(process, port)
        wrapper._drain_task = asyncio.create_task(wrapper._drain())
        return wrapper

    async def init(self, request: pb.InitRequest, timeout: float = 60.0) -> None:
        await self.stub.Init(request, timeout=timeout)

    async def _drain(self) -> None:
        """Keep reading stderr so the pipe never fills; keep the tail for crash reports."""
        assert self.process.stderr is not None
        while line := await self.process.stderr.readline():
            self._output = [*self._output[-50:], line]

    def resident_bytes(self) -> int:
        """Resident memory of the wrapper (Linux /proc); 0 when unknown."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        return int(match.group(1)) * 1024 if match else 0

    def output_tail(self) -> str:
        return b"".join(self._output).decode(errors="replace")[-2000:]

    async def stop(self, grace: float = 5.0) -> None:
        await self.channel.close()
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), grace)
            except TimeoutError:
                await _kill(self.process)
        task = self._drain_task
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def kill(self) -> None:
        await self.channel.close()
        await _kill(self.process)


async def _ready_port(process: asyncio.subprocess.Process, seen: list[bytes]) -> int:
    assert process.stderr is not None
    while line := await process.stderr.readline():
        seen.append(line)
        if match := READY.search(line):
            return int(match.group(2))
    raise WrapperStartError(f"exited with code {await process.wait()}")


async def _kill(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        await process.wait()

