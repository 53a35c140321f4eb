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
from typing import TYPE_CHECKING

import grpc

from flowloom.runner.infrastructure.messaging.protobuf.action_wrapper.v1 import (
    wrapper_pb2 as pb,
)
from flowloom.runner.infrastructure.messaging.protobuf.action_wrapper.v1 import (
    wrapper_pb2_grpc as pb_grpc,
)

if TYPE_CHECKING:
    from flowloom.runner.infrastructure.deployer.launcher import Launch

log = logging.getLogger(__name__)
READY = re.compile(rb"^ready on \S+$", re.MULTILINE)
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


class WrapperProcess:
    """A running `flowloom-action-wrapper serve` on its Unix socket; one execution at a time.

    `process` is what the runner started: bwrap when the wrapper is sandboxed (its end is the
    sandbox's end: bwrap kills what runs inside when it dies).
    """

    def __init__(self, launch: Launch) -> None:
        self.process = launch.process
        self._launch = launch
        self.address = f"unix:{launch.socket}"
        self.channel = grpc.aio.insecure_channel(self.address, options=CHANNEL_OPTIONS)
        self.stub = pb_grpc.ActionWrapperStub(self.channel)
        self.last_used = time.monotonic()
        self.kill_reason: str | None = None  # why the runner killed it, for the execution
        self._output: list[bytes] = []
        self._drain_task: asyncio.Task[None] | None = None
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

    @classmethod
    async def start(cls, launch: Launch, *, ready_within: float = 30.0) -> WrapperProcess:
        """Wait until the launched wrapper listens; WrapperStartError (with the end of its
        output) when it does not within ``ready_within`` seconds."""
        seen: list[bytes] = []
        try:
            await asyncio.wait_for(_ready(launch.process, seen), ready_within)
        except (TimeoutError, WrapperStartError) as error:
            await _kill(launch.process)
            await launch.cleanup()
            tail = b"".join(seen)[-2000:].decode(errors="replace").strip()
            reason = str(error) or f"not ready within {ready_within:g} s"
            raise WrapperStartError(
                f"action wrapper did not start: {reason}{_hint(tail)}\n{tail}"
            ) from None
        except BaseException:  # cancelled while starting: never leave the process behind
            await _kill(launch.process)
            await launch.cleanup()
            raise
        wrapper = cls(launch)
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
        """Resident memory of the wrapper and every process it started (Linux /proc); 0 when
        unknown. Sandboxed, that is the whole sandbox (bwrap's own few pages included)."""
        return sum(_resident(pid) for pid in _tree(self.process.pid))

    def output_tail(self) -> str:
        return b"".join(self._output).decode(errors="replace")[-2000:]

    async def exited(self, within: float) -> str | None:
        """How the process ended ("killed by signal 9"); None if it still runs after ``within``."""
        try:
            code = await asyncio.wait_for(self.process.wait(), within)
        except TimeoutError:
            return None
        await self._drained(within)
        if code < 0:
            return f"killed by signal {-code}"
        if self._launch.sandbox is not None and code > 128:  # bwrap: 128 + the wrapper's signal
            return f"killed by signal {code - 128}"
        return f"exited with code {code}"

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
        await self._launch.cleanup()

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


async def _ready(process: asyncio.subprocess.Process, seen: list[bytes]) -> None:
    assert process.stdout is not None
    while line := await process.stdout.readline():
        seen.append(line)
        if READY.search(line):
            return
    raise WrapperStartError(f"exited with code {await process.wait()}")


def _hint(output: str) -> str:
    if (
        "unrecognized arguments" in output
        or "No module named flowloom.action_wrapper.__main__" in output
    ):
        return " (the action was built with an older action wrapper: build it again)"
    return ""


def _tree(pid: int) -> list[int]:
    """`pid` and its descendants (Linux /proc), parents first."""
    found, index = [pid], 0
    while index < len(found):
        for task in _listdir(f"/proc/{found[index]}/task"):
            try:
                children = Path(f"/proc/{found[index]}/task/{task}/children").read_text()
            except OSError:
                continue
            found.extend(int(child) for child in children.split())
        index += 1
    return found


def _listdir(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


def _resident(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(match.group(1)) * 1024 if match else 0


async def _kill(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        await process.wait()
