"""Run a command (plain or in a sandbox) in its own process group, its output streamed into
the build log."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flowloom.action_builder.domain.errors import BuildStepFailed
from flowloom.action_builder.domain.log import BuildLog
from flowloom.servicekit.sandbox import Bubblewrap, SandboxSpec, SandboxUnavailable

_CHUNK = 1 << 16
_CHATTER = ("Using Python", "Using CPython")  # uv naming the environment: not the error
_TAIL_LINES = 8
_TAIL_CHARS = 2000
_OPTIONS: dict[str, Any] = {
    "stdin": asyncio.subprocess.DEVNULL,
    "stdout": asyncio.subprocess.PIPE,
    "stderr": asyncio.subprocess.STDOUT,
    "start_new_session": True,
}


@dataclass(frozen=True, slots=True)
class Completed:
    returncode: int
    output: list[str]  # stdout and stderr, interleaved, line by line


async def run(
    argv: list[str], *, env: Mapping[str, str], cwd: Path, log: BuildLog, indent: str = "  "
) -> Completed:
    """Run `argv` to its end; when the caller is cancelled (time limit, cancel, shutdown) the
    whole process group is killed first, so no installer or build backend outlives a build."""
    log.command(argv)
    process = await asyncio.create_subprocess_exec(*argv, env=dict(env), cwd=cwd, **_OPTIONS)
    return await _collect(process, log, indent)


async def run_sandboxed(
    tools: Bubblewrap, spec: SandboxSpec, argv: list[str], *, log: BuildLog, indent: str = "  "
) -> Completed:
    """Run `argv` in `spec`'s sandbox: killing bwrap (its process group) when the caller is
    cancelled ends the sandbox with it (`--die-with-parent`, and its pid namespace goes with
    its first process)."""
    log.command(argv)
    try:
        sandbox = await tools.start(spec, argv, **_OPTIONS)
    except SandboxUnavailable as error:
        raise BuildStepFailed(f"the build's sandbox did not start: {error}") from error
    try:
        return await _collect(sandbox.process, log, indent)
    finally:
        await sandbox.close()


async def _collect(process: asyncio.subprocess.Process, log: BuildLog, indent: str) -> Completed:
    output: list[str] = []
    try:
        assert process.stdout is not None
        pending = b""
        while chunk := await process.stdout.read(_CHUNK):
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                _keep(line, output, log, indent)
        if pending:
            _keep(pending, output, log, indent)
        returncode = await process.wait()
    except BaseException:
        _kill_group(process.pid)
        await asyncio.shield(process.wait())
        log.write(f"{indent}(killed)")
        raise
    finally:
        _kill_group(process.pid)  # children the command left behind
    log.write(f"{indent}(exit status {returncode})")
    return Completed(returncode, output)


def _keep(line: bytes, output: list[str], log: BuildLog, indent: str) -> None:
    text = line.decode(errors="replace").rstrip("\r")
    output.append(text)
    log.write(indent + text)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def failure(sentence: str, completed: Completed) -> str:
    """`sentence` with the exit status and the last lines of what the command printed."""
    lines = [
        line.strip() for line in completed.output if line.strip() and not line.startswith(_CHATTER)
    ]
    tail = "\n".join(lines[-_TAIL_LINES:])[-_TAIL_CHARS:]
    message = f"{sentence} (exit status {completed.returncode})"
    return f"{message}:\n{tail}" if tail else message
