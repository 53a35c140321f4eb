"""One action-wrapper process: started from an action environment, reached over gRPC."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import shutil
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import grpc

from flowloom.runner.infrastructure.deployer.isolation import dying_with_parent, isolated
from flowloom.runner.infrastructure.messaging.protobuf.action_wrapper.v1 import (
    wrapper_pb2 as pb,
)
from flowloom.runner.infrastructure.messaging.protobuf.action_wrapper.v1 import (
    wrapper_pb2_grpc as pb_grpc,
)

log = logging.getLogger(__name__)
READY = re.compile(rb"ready on ([\d.]+):(\d+)")
# Sources hand file outputs over inline (see the wrapper's README): allow large messages.
CHANNEL_OPTIONS = [("grpc.max_receive_message_length", 256 * 1024 * 1024)]


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


@dataclass(frozen=True, slots=True)
class FileCache:
    """The object cache the wrappers of this host share (`serve --file-cache`): an absolute
    directory (created here) and the bound past which its least recently used files go."""

    directory: Path
    max_bytes: int

    def __post_init__(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)

    def arguments(self) -> list[str]:
        return ["--file-cache", str(self.directory), "--file-cache-bytes", str(self.max_bytes)]


class WrapperProcess:
    """A running `flowloom-action-wrapper serve`; one execution at a time."""

    def __init__(self, process: asyncio.subprocess.Process, port: int) -> None:
        self.process = process
        self.port = port
        self.channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}", options=CHANNEL_OPTIONS)
        self.stub = pb_grpc.ActionWrapperStub(self.channel)
        self.last_used = time.monotonic()
        self.kill_reason: str | None = None  # why the runner killed it, for the execution
        self._output: list[bytes] = []
        self._drain_task: asyncio.Task[None] | None = None
        self.private_tmp: Path | None = None
        # Set by the invoker when a call ended with its result and the stream closed cleanly:
        # the wrapper is then idle and sound, and only its process may have died since.
        self.settled = False
        self._session: grpc.aio.StreamStreamCall[pb.RunRequest, pb.RunEvent] | None = None

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    def ended(self) -> bool | None:
        """Whether the process has ended, reaped or not (its state in Linux's /proc).

        A process killed while idle stays a zombie until the event loop reaps it, so `alive`
        alone may still say True. None when /proc is not there: ask the wrapper instead.
        """
        if not self.alive:
            return True
        try:
            stat = Path(f"/proc/{self.process.pid}/stat").read_bytes()
        except FileNotFoundError:
            return True
        except OSError:
            return None
        state = stat.rpartition(b")")[2].split(maxsplit=1)[:1]
        return state in ([b"Z"], [b"X"], [b"x"])

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @classmethod
    async def start(
        cls,
        env: ActionEnvironment,
        *,
        ready_within: float = 30.0,
        file_cache: FileCache | None = None,
    ) -> WrapperProcess:
        command = [str(env.wrapper), "serve", "--action-dir", str(env.action_dir), "--port", "0"]
        if file_cache is not None:
            command += file_cache.arguments()
        command, private_tmp = isolated(command, file_cache.directory if file_cache else None)
        process = await asyncio.create_subprocess_exec(
            *dying_with_parent(command),
            stdin=asyncio.subprocess.DEVNULL,
            # One pipe for both: what user code prints at import time helps start reports.
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )
        seen: list[bytes] = []
        try:
            port = await asyncio.wait_for(_ready_port(process, seen), ready_within)
        except (TimeoutError, WrapperStartError) as error:
            await _kill(process)
            _remove(private_tmp)
            tail = b"".join(seen)[-2000:].decode(errors="replace").strip()
            reason = str(error) or f"not ready within {ready_within:g} s"
            raise WrapperStartError(f"action wrapper did not start: {reason}\n{tail}") from None
        except BaseException:  # cancelled while starting: never leave the process behind
            await _kill(process)
            _remove(private_tmp)
            raise
        wrapper = cls(process, port)
        wrapper.private_tmp = private_tmp
        wrapper._drain_task = asyncio.create_task(wrapper._drain())
        return wrapper

    def session(self) -> grpc.aio.StreamStreamCall[pb.RunRequest, pb.RunEvent]:
        """The open ``Session`` stream (opened on first use, again once it has ended)."""
        if self._session is None or self._session.done():
            self._session = self.stub.Session()
        return self._session

    async def init(self, request: pb.InitRequest, load_within: float = 60.0) -> None:
        await self.stub.Init(request, timeout=load_within)

    async def _drain(self) -> None:
        """Keep reading the output so the pipe never fills; keep the tail for crash reports."""
        assert self.process.stdout is not None
        while chunk := await self.process.stdout.read(1 << 16):  # read(): lines may be long
            self._output = [*self._output[-50:], chunk]

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

    async def exited(self, within: float) -> str | None:
        """How the process ended ("killed by signal 9"); None if it still runs after ``within``."""
        try:
            code = await asyncio.wait_for(self.process.wait(), within)
        except TimeoutError:
            return None
        await self._drained(within)
        return f"killed by signal {-code}" if code < 0 else f"exited with code {code}"

    async def _drained(self, within: float) -> None:
        """Wait for the output reader to reach the end (the tail is then complete)."""
        task = self._drain_task
        if task is not None:
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(task), within)

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
        _remove(self.private_tmp)

    async def kill(self, reason: str | None = None) -> None:
        """SIGKILL the process group (a synchronous handler cannot be interrupted otherwise).

        The channel stays open, so that calls in flight fail as the process dies (UNAVAILABLE)
        rather than being cancelled; ``stop`` closes it when the wrapper is discarded.
        """
        if reason and self.kill_reason is None:
            self.kill_reason = reason
        await _kill(self.process)
        await self._drained(1.0)


def cancelled_by_caller() -> bool:
    """Whether a CancelledError is the current task's own cancellation.

    grpc.aio also raises CancelledError from calls whose channel was closed: that one is a
    transport failure, not a request to stop.
    """
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


async def _ready_port(process: asyncio.subprocess.Process, seen: list[bytes]) -> int:
    assert process.stdout is not None
    while line := await process.stdout.readline():
        seen.append(line)
        if match := READY.search(line):
            return int(match.group(2))
    raise WrapperStartError(f"exited with code {await process.wait()}")


async def _kill(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        await process.wait()


def _remove(private_tmp: Path | None) -> None:
    if private_tmp is not None:
        shutil.rmtree(private_tmp, ignore_errors=True)
