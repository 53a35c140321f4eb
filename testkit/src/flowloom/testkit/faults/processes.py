"""Process trees of a fault-injection node: found through /proc, killed with SIGKILL."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time

from flowloom.servicekit.processes import PROC, alive, parent


def descendants(root: int) -> list[int]:
    """Every process below `root` (children that started a session of their own included)."""
    parents: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (found := parent(int(entry.name))) is not None:
            parents.setdefault(found, []).append(int(entry.name))
    found_below: list[int] = []
    pending = [root]
    while pending:
        children = parents.get(pending.pop(), [])
        found_below += children
        pending += children
    return found_below


def kill_tree(process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """`kill -9` the process and everything it started, and wait until all of it is gone."""
    tree = [process.pid, *descendants(process.pid)]
    for pid in tree:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait(timeout)
    wait_gone(tree, timeout)


def wait_gone(pids: list[int], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while any(alive(pid) for pid in pids):
        if time.monotonic() > deadline:
            raise RuntimeError(f"processes {[p for p in pids if alive(p)]} did not exit")
        time.sleep(0.05)


def stop_tree(process: subprocess.Popen[bytes], sig: signal.Signals, timeout: float) -> None:
    """Send `sig` (a clean shutdown) and wait; SIGKILL the tree if it takes longer."""
    tree = [process.pid, *descendants(process.pid)]
    process.send_signal(sig)
    try:
        process.wait(timeout)
        wait_gone(tree, timeout)
    except (subprocess.TimeoutExpired, RuntimeError):
        kill_tree(process)
