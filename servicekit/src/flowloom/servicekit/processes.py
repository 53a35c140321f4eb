"""Processes seen through /proc, and children that die with their parent."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import time
from pathlib import Path

PROC = Path("/proc")


def dying_with_parent(command: list[str]) -> list[str]:
    """`command` SIGKILLed by the kernel when the thread that starts it dies (the process, for
    the main thread), even by `kill -9`: util-linux `setpriv --pdeathsig`, which then execs it
    (no `preexec_fn`: forking a threaded process into Python code can crash the child). Without
    `setpriv`, `command` unchanged."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL", "--", *command] if setpriv else command


def _stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the name (empty when the process is gone)."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return []
    return text[text.rindex(")") + 2 :].split()  # the name may hold spaces and parentheses


def alive(pid: int) -> bool:
    """The process exists and is not a zombie."""
    fields = _stat(pid)
    return bool(fields) and fields[0] not in ("Z", "X")


def parent(pid: int) -> int | None:
    fields = _stat(pid)
    return int(fields[1]) if fields else None


def command_line(pid: int) -> list[str]:
    """The process's arguments (empty when it is gone)."""
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def referring_to(path: str) -> list[int]:
    """The processes with `path`, or a path below it, among their arguments (`bwrap --bind`
    of a directory, say): what a process that died left running there."""
    prefix = path.rstrip("/") + "/"
    found = []
    for entry in PROC.iterdir():
        if entry.name.isdigit() and alive(int(entry.name)):
            arguments = command_line(int(entry.name))
            if any(a == path or a.startswith(prefix) for a in arguments):
                found.append(int(entry.name))
    return found


def _gone(pids: list[int], deadline: float) -> bool:
    """Waits until none of `pids` is alive (a zombie counts as gone), or `deadline` passes."""
    while any(alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _signal(pids: list[int], sig: signal.Signals) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)


def terminate(pid: int, timeout: float = 10.0) -> None:
    """SIGTERM, then SIGKILL after `timeout`; returns once the process is gone."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        _signal([pid], sig)
        if _gone([pid], time.monotonic() + timeout):
            return
    raise RuntimeError(f"process {pid} did not exit after SIGKILL")


def kill(pids: list[int], timeout: float = 10.0) -> None:
    """SIGKILL every one of `pids`; returns once all are gone (a signal is delivered
    asynchronously: a process may still run just after `os.kill` returns)."""
    _signal(pids, signal.SIGKILL)
    if not _gone(pids, time.monotonic() + timeout):
        raise RuntimeError(f"processes {pids} did not exit after SIGKILL")
