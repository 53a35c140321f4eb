"""A PostgreSQL cluster of a test's own: initdb in a temp dir, a free loopback port, killable."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from flowloom.servicekit.processes import PROC
from flowloom.testkit.faults.processes import kill_tree, stop_tree
from flowloom.testkit.testing import free_port

SEARCH = "/usr/lib/postgresql/*/bin"  # Debian keeps the server programs off PATH
OWNER = "postgres"  # initdb and postgres refuse to run as root


def postgres_binaries() -> Path | None:
    """The folder of `initdb` and `postgres`: Debian's newest, else the one on PATH."""
    versions = [p for p in Path("/").glob(SEARCH.lstrip("/")) if p.parent.name.isdigit()]
    for folder in sorted(versions, key=lambda p: int(p.parent.name), reverse=True):
        if (folder / "initdb").exists():
            return folder
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PrivatePostgres:
    """`start()` (initdb the first time), `kill()` (kill -9 of the postmaster and its backends:
    a crash, recovered at the next start), `stop()` (fast shutdown), `cleanup()`.

    Trust authentication on 127.0.0.1 only; the user `postgres`. As root the server runs as
    the `postgres` user (util-linux `setpriv`), in a temp dir that user owns; `fsync` is off
    (a test cluster: its data need not survive the machine)."""

    def __init__(self) -> None:
        binaries = postgres_binaries()
        if binaries is None:
            raise RuntimeError("PostgreSQL's server programs (initdb, postgres) are not installed")
        self._bin = binaries
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="flowloom-postgres-"))
        self._as_owner: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, OWNER, OWNER)
            self._as_owner = ["setpriv", f"--reuid={OWNER}", f"--regid={OWNER}", "--init-groups"]
        self.data = self.root / "data"
        self._process: subprocess.Popen[bytes] | None = None

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL (asyncpg) of a database of the cluster."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/{database}"

    @property
    def running(self) -> bool:
        return self._process is not None

    def start(self, timeout: float = 60.0) -> None:
        if self._process is not None:
            return
        if not self.data.exists():
            self._initdb()
        server = [str(self._bin / "postgres"), "-D", str(self.data), "-p", str(self.port)]
        settings = {
            "listen_addresses": "127.0.0.1",
            "unix_socket_directories": str(self.root),
            "fsync": "off",
            "max_connections": "200",
        }
        server += [arg for name, value in settings.items() for arg in ("-c", f"{name}={value}")]
        log = (self.root / "postgres.log").open("ab")
        self._process = subprocess.Popen(  # noqa: S603 - our own arguments
            [*self._as_owner, *server], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self._wait_ready(timeout)

    def kill(self) -> None:
        """kill -9 the postmaster and every backend; returns once none is left."""
        if self._process is None:
            return
        process, self._process = self._process, None
        kill_tree(process)
        self._wait_released()

    def stop(self, timeout: float = 30.0) -> None:
        """Fast shutdown (SIGINT): clients are disconnected, the data is consistent."""
        if self._process is None:
            return
        process, self._process = self._process, None
        stop_tree(process, signal.SIGINT, timeout)
        self._wait_released()

    def cleanup(self) -> None:
        self.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        path = self.root / "postgres.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def _initdb(self) -> None:
        initdb = [str(self._bin / "initdb"), "-D", str(self.data), "-U", "postgres"]
        subprocess.run(  # noqa: S603 - our own arguments
            [*self._as_owner, *initdb, "--auth=trust", "--no-sync", "-E", "UTF8"],
            check=True,
            capture_output=True,
        )

    def _wait_ready(self, timeout: float) -> None:
        ready = [str(self._bin / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                self._process = None
                raise RuntimeError(f"postgres exited:\n{self.log()}")
            if subprocess.run(ready, check=False).returncode == 0:  # noqa: S603
                return
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"postgres not ready after {timeout:.0f}s:\n{self.log()}")

    def _wait_released(self, timeout: float = 30.0) -> None:
        """Until no process works in the data dir: a backend that outlived its postmaster
        would keep the shared memory, and the next start would refuse it."""
        deadline = time.monotonic() + timeout
        while any(_works_in(pid, self.data) for pid in _pids()):
            if time.monotonic() > deadline:
                raise RuntimeError(f"processes still work in {self.data}")
            time.sleep(0.05)


def _pids() -> list[int]:
    return [int(entry.name) for entry in PROC.iterdir() if entry.name.isdigit()]


def _works_in(pid: int, directory: Path) -> bool:
    try:
        return Path(os.readlink(PROC / str(pid) / "cwd")) == directory
    except OSError:
        return False
