"""A RabbitMQ node of a test's own: its node name, free loopback ports, its data in a temp dir."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from flowloom.testkit.faults.processes import kill_tree, stop_tree
from flowloom.testkit.testing import free_port

# Debian's own start script: /usr/sbin/rabbitmq-server switches to the `rabbitmq` user and
# its directories, which would not be this node's.
SCRIPTS = ("/usr/lib/rabbitmq/bin/rabbitmq-server",)
_AMQP_HEADER = b"AMQP\x00\x00\x09\x01"


def rabbitmq_server_script() -> str | None:
    for script in SCRIPTS:
        if Path(script).exists():
            return script
    return shutil.which("rabbitmq-server")


class PrivateRabbitMQ:
    """`start()`, `kill()` (kill -9 of the Erlang VM and its helpers: a crash), `stop()`
    (clean), `start()` again on the same data (mnesia), `cleanup()`.

    Node `flowloom-<random>@localhost` with AMQP and Erlang distribution on free 127.0.0.1
    ports, no plugin (no management listener), config, mnesia, logs and Erlang cookie in its
    temp dir; the machine's RabbitMQ configuration is not read. It registers with the epmd
    already running (or starts one on 127.0.0.1, as any node does). `url` uses `guest`, which
    RabbitMQ admits on loopback only."""

    def __init__(self) -> None:
        script = rabbitmq_server_script()
        if script is None:
            raise RuntimeError("rabbitmq-server is not installed")
        self._script = script
        self.root = Path(tempfile.mkdtemp(prefix="flowloom-rabbitmq-"))
        self.node = f"flowloom-{uuid.uuid4().hex[:8]}@localhost"
        self.port = free_port()
        self.dist_port = free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    @property
    def running(self) -> bool:
        return self._process is not None

    def start(self, timeout: float = 120.0) -> None:
        if self._process is not None:
            return
        log = (self.root / "server.log").open("ab")
        self._process = subprocess.Popen(  # noqa: S603 - our own script and arguments
            [self._script],
            env=self._environment(),
            cwd=self.root,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_ready(timeout)

    def kill(self) -> None:
        """kill -9 the node (its shell, Erlang VM and helper processes); returns once none is
        left, so its ports are closed."""
        if self._process is not None:
            process, self._process = self._process, None
            kill_tree(process)

    def stop(self, timeout: float = 60.0) -> None:
        """SIGTERM: the start script stops the node cleanly."""
        if self._process is not None:
            process, self._process = self._process, None
            stop_tree(process, signal.SIGTERM, timeout)

    def cleanup(self) -> None:
        self.kill()
        shutil.rmtree(self.root, ignore_errors=True)

    def log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def _environment(self) -> dict[str, str]:
        config = self.root / "rabbitmq.conf"
        config.write_text(f"listeners.tcp.default = 127.0.0.1:{self.port}\n")
        (self.root / "enabled_plugins").write_text("[].\n")
        (self.root / "rabbitmq-env.conf").write_text("")
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(("RABBITMQ_", "ERL"))}
        return inherited | {
            "HOME": str(self.root),  # the Erlang cookie
            "RABBITMQ_CONF_ENV_FILE": str(self.root / "rabbitmq-env.conf"),
            "RABBITMQ_CONFIG_FILE": str(config),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.root / "enabled_plugins"),
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.root / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.root / "log"),
            "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS": "-kernel inet_dist_use_interface {127,0,0,1}",
            "ERL_EPMD_ADDRESS": "127.0.0.1",
        }

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                self._process = None
                raise RuntimeError(f"rabbitmq-server exited:\n{self.log()}")
            if _answers_amqp(self.port):
                return
            time.sleep(0.2)
        self.kill()
        raise RuntimeError(f"RabbitMQ node not ready after {timeout:.0f}s:\n{self.log()}")


def _answers_amqp(port: int) -> bool:
    """The broker answers the AMQP 0-9-1 protocol header with its Connection.Start frame."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2.0) as sock:
            sock.sendall(_AMQP_HEADER)
            return sock.recv(1) == b"\x01"  # a method frame
    except OSError:
        return False
