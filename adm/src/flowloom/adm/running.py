"""The lock file `up` holds while it runs: who runs, and where its object store answers."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from flowloom.adm.errors import AdmError

LOCK_FILE = "adm-up.lock"


@dataclass(frozen=True, slots=True)
class Running:
    """What a running `up` wrote in its lock file."""

    pid: int
    origin: str
    s3_url: str


class UpLock:
    """An exclusive `flock` on `<data>/adm-up.lock` for the life of `up` (released by the kernel
    even when the process dies, so a stale file never blocks a restart)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_FILE
        self._fd: int | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AdmError(f"flowloom-adm up already runs on {self.path.parent}") from None
        self._fd = fd

    def record(self, origin: str, s3_url: str) -> None:
        assert self._fd is not None
        content = json.dumps({"pid": os.getpid(), "origin": origin, "s3_url": s3_url})
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, content.encode(), 0)

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing drops the flock
            self._fd = None


def running(data_dir: Path) -> Running | None:
    """The `up` holding the data dir, or None when nothing holds it."""
    path = data_dir / LOCK_FILE
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            content = path.read_text()
            with contextlib.suppress(ValueError, KeyError):
                found = json.loads(content)
                return Running(int(found["pid"]), str(found["origin"]), str(found["s3_url"]))
            return Running(0, "", "")  # held but still starting: no object store yet
        return None
    finally:
        os.close(fd)


@contextlib.contextmanager
def stopped(data_dir: Path, action: str) -> Iterator[None]:
    """Hold the lock so no `up` starts on the data dir during `action`; refuse if one runs."""
    lock = UpLock(data_dir)
    try:
        lock.acquire()
    except AdmError:
        raise AdmError(
            f"flowloom-adm up is running on {data_dir}: stop it before {action}"
        ) from None
    try:
        yield
    finally:
        lock.release()
