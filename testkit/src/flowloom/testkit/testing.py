"""Helpers for test suites that need a real service (PostgreSQL, RabbitMQ, S3) on this machine."""

import os
import socket

REQUIRE_SERVICES_ENV = "FLOWLOOM_REQUIRE_SERVICES"


def require_service(name: str, host: str, port: int, *, timeout: float = 1.0) -> None:
    """Skip the calling test when ``host:port`` does not accept TCP connections.

    With ``FLOWLOOM_REQUIRE_SERVICES=1`` (as in CI) the test fails instead, so that a missing
    service can never turn a test run green by skipping.
    """
    import pytest

    try:
        with socket.create_connection((host, port), timeout=timeout):
            return
    except OSError as error:
        reason = f"{name} is not reachable at {host}:{port} ({error})"
    if os.environ.get(REQUIRE_SERVICES_ENV) == "1":
        pytest.fail(f"{reason} and {REQUIRE_SERVICES_ENV}=1", pytrace=False)
    pytest.skip(reason)


def require_program(name: str, path: str | None) -> None:
    """Skip (fail with ``FLOWLOOM_REQUIRE_SERVICES=1``) when a program the test needs is absent."""
    import pytest

    if path is not None:
        return
    reason = f"{name} is not installed"
    if os.environ.get(REQUIRE_SERVICES_ENV) == "1":
        pytest.fail(f"{reason} and {REQUIRE_SERVICES_ENV}=1", pytrace=False)
    pytest.skip(reason)


POSTGRES_URL_ENV = "FLOWLOOM_TEST_POSTGRES_URL"
AMQP_URL_ENV = "FLOWLOOM_TEST_AMQP_URL"
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
DEFAULT_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"


def postgres_admin_url() -> str:
    return os.environ.get(POSTGRES_URL_ENV, DEFAULT_POSTGRES_URL)


def amqp_url() -> str:
    return os.environ.get(AMQP_URL_ENV, DEFAULT_AMQP_URL)


def require_postgres() -> None:
    from sqlalchemy.engine import make_url

    url = make_url(postgres_admin_url())
    require_service("PostgreSQL", url.host or "127.0.0.1", url.port or 5432)


def require_rabbitmq() -> None:
    from urllib.parse import urlsplit

    url = urlsplit(amqp_url())
    require_service("RabbitMQ", url.hostname or "127.0.0.1", url.port or 5672)
    ensure_broker_file_handles()


# RabbitMQ's file handle cache books handles per quorum queue far beyond the descriptors it
# really opens (984 booked for 46 open, with 326 queues). Its budget is the broker's open-file
# limit less a reserve: 927 under a soft limit of 1024, where a broker started by a service
# manager often runs. At the budget, whatever asks for a handle waits for one, forever: a test
# suite's vhosts and queues wedged `rabbitmqctl add_vhost` and every later declaration. The
# test machine's broker gets a budget its test sessions cannot reach; raising the process's own
# limit needs a restart, and the descriptors really open stay in the tens.
BROKER_FILE_HANDLES = 16384
_broker_checked = False


def ensure_broker_file_handles() -> None:
    """Once per process: raise the test broker's file handle budget to BROKER_FILE_HANDLES."""
    import subprocess

    global _broker_checked
    if _broker_checked:
        return
    _broker_checked = True
    query = "element(2, hd(file_handle_cache:info([total_limit])))."
    try:
        limit = subprocess.run(  # noqa: S603 - fixed command
            ["rabbitmqctl", "-q", "eval", query],  # noqa: S607 - rabbitmqctl from PATH
            capture_output=True,
            text=True,
            timeout=RABBITMQCTL_TIMEOUT,
            check=True,
        ).stdout.strip()
        if int(limit) < BROKER_FILE_HANDLES:
            subprocess.run(  # noqa: S603 - fixed command
                [  # noqa: S607 - rabbitmqctl from PATH
                    "rabbitmqctl",
                    "-q",
                    "eval",
                    f"file_handle_cache:set_limit({BROKER_FILE_HANDLES}).",
                ],
                capture_output=True,
                timeout=RABBITMQCTL_TIMEOUT,
                check=True,
            )
    except (OSError, ValueError, subprocess.SubprocessError) as error:
        raise AssertionError(
            f"could not raise RabbitMQ's file handle budget (rabbitmqctl eval): {error}"
        ) from error


async def create_postgres_database(
    prefix: str = "flowloom_test", admin_url: str | None = None
) -> str:
    """Create a fresh, uniquely named database (on the test server, or the server of
    `admin_url`); return its SQLAlchemy URL."""
    import uuid

    import asyncpg
    from sqlalchemy.engine import make_url

    admin = make_url(admin_url or postgres_admin_url())
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(_dsn(admin))
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return admin.set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(url: str) -> None:
    """Drop the database of `url` (its server's `postgres` database is the admin one)."""
    import asyncpg
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    admin = make_url(url).set(database=make_url(postgres_admin_url()).database)
    connection = await asyncpg.connect(_dsn(admin))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


def _dsn(url: "object") -> str:
    from sqlalchemy.engine import URL

    assert isinstance(url, URL)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


async def eventually(predicate: "object", within: float = 10.0, step: float = 0.02) -> None:
    """Poll `predicate()` (sync or async) until true; fail after `within` seconds."""
    import asyncio
    import inspect

    assert callable(predicate)
    deadline = asyncio.get_running_loop().time() + within
    while True:
        result = predicate()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {within}s")
        await asyncio.sleep(step)


RABBITMQCTL_TIMEOUT = 120.0


async def rabbitmqctl(*args: str) -> str:
    import asyncio
    import os
    import signal

    process = await asyncio.create_subprocess_exec(
        "rabbitmqctl", "-q", *args, stdout=asyncio.subprocess.PIPE, start_new_session=True
    )
    try:
        # A wedged broker must fail the test naming it, not hang it until pytest's timeout.
        stdout, _ = await asyncio.wait_for(process.communicate(), RABBITMQCTL_TIMEOUT)
    except TimeoutError:
        os.killpg(process.pid, signal.SIGKILL)  # the script and the Erlang VM it starts
        await process.wait()
        raise AssertionError(
            f"rabbitmqctl {' '.join(args)} did not answer within {RABBITMQCTL_TIMEOUT:.0f} s:"
            " the RabbitMQ node is wedged (restart it)"
        ) from None
    assert process.returncode == 0, f"rabbitmqctl {args} failed"
    return stdout.decode()


async def drop_amqp_connection(connection_name: str) -> None:
    """Close only the named connection (`?name=` in the AMQP URL): others are not disturbed."""
    listing = await rabbitmqctl(
        "list_connections", "--no-table-headers", "pid", "client_properties"
    )
    marker = f'{{"connection_name","{connection_name}"}}'
    pids = [line.split("\t")[0] for line in listing.splitlines() if marker in line]
    assert pids, f"connection {connection_name} not found"
    for pid in pids:
        await rabbitmqctl("close_connection", pid, "test")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ServiceProcess:
    """A service started as its own process for a test, stopped with SIGINT (like Ctrl-C)."""

    def __init__(self, command: list[str], env: dict[str, str], log_path: "object") -> None:
        import subprocess
        from pathlib import Path

        assert isinstance(log_path, Path)
        self.log_path = log_path
        self._log = log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - test-controlled command
            command, env={**os.environ, **env}, stdout=self._log, stderr=subprocess.STDOUT
        )

    def wait_healthy(self, url: str, timeout: float = 60.0) -> None:
        import time

        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"process exited early:\n{self.log()}")
            try:
                if httpx.get(url, timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{url} not healthy after {timeout}s:\n{self.log()}")

    def stop(self, timeout: float = 20.0) -> int:
        import signal
        import subprocess

        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()
        return self.process.returncode

    def log(self, tail: int | None = 5000) -> str:
        """What the process printed: its last `tail` characters, or all of it when None."""
        text = self.log_path.read_text(errors="replace")
        return text if tail is None else text[-tail:]


async def create_vhost(prefix: str = "flowloom-test") -> str:
    """A fresh RabbitMQ virtual host for one test session (durable queues of a service under
    test cannot then steal messages of another run); returns the AMQP URL to it."""
    import uuid
    from urllib.parse import quote, urlsplit, urlunsplit

    ensure_broker_file_handles()
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"
    await rabbitmqctl("add_vhost", name)
    parts = urlsplit(amqp_url())
    user = parts.username or "guest"
    await rabbitmqctl("set_permissions", "-p", name, user, ".*", ".*", ".*")
    return urlunsplit(parts._replace(path="/" + quote(name, safe="")))


async def delete_vhost(url: str) -> None:
    """Delete the vhost's queues one by one over AMQP, then the vhost.

    Deleting a vhost that still held quorum queues left RabbitMQ 3.10's segment writer logging
    failures on their removed files (`segment_writer: failed to open segment file … enoent`);
    a queue deleted on its own is shut down cleanly first. (The hangs seen at the same time were
    the file handle budget: see `ensure_broker_file_handles`.)"""
    from urllib.parse import unquote, urlsplit

    import aio_pika

    name = unquote(urlsplit(url).path.lstrip("/"))
    listing = await rabbitmqctl("list_queues", "-p", name, "--no-table-headers", "name")
    queues = [line.strip() for line in listing.splitlines() if line.strip()]
    if queues:
        connection = await aio_pika.connect(url)
        async with connection:
            channel = await connection.channel()
            for queue in queues:
                await channel.queue_delete(queue)
    await rabbitmqctl("delete_vhost", name)
