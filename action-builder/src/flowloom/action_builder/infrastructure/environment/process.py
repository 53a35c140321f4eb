"""Run a command in its own process group, its output streamed into the build log."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from flowloom.action_builder.domain.log import BuildLog

_CHUNK = 1 << 16


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
    process = await asyncio.create_subprocess_exec(
        *argv,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env=dict(env),
        cwd=cwd,
        start_new_session=True,
    )
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
