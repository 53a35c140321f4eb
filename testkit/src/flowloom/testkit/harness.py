"""The platform really started for tests and benchmarks, two ways.

embedded: the same composition as `flowloom-adm up` (one ASGI gateway, SQLite per service,
the in-process bus, a bundled S3) served by uvicorn inside the test's event loop, so the test
can publish on the in-process bus like the studio would.
distributed: every service (`flowloom-authorization`, `flowloom-repository`,
`flowloom-action-builder`, `flowloom-studio`, `flowloom-runner`) as its own process on fresh
PostgreSQL databases, a private RabbitMQ virtual host and a real S3.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Self

import httpx
import uvicorn

from flowloom.adm.embedded import KEY_FILES, Installation, service_apps
from flowloom.adm.gateway import Gateway
from flowloom.adm.proxy import ReverseProxy, nginx_binary
from flowloom.adm.running import UpLock
from flowloom.adm.seaweed import S3Endpoint, SeaweedServer
from flowloom.servicekit.keys import read_key_file, write_key_file
from flowloom.servicekit.messaging import Envelope, MessageBus, create_bus
from flowloom.testkit import testing

# Start order: authorization serves the keys the others verify tokens with.
SERVICES = ("authorization", "repository", "action-builder", "studio", "runner")
WITH_DATABASE = frozenset({"authorization", "repository", "action-builder", "studio", "runner"})


class Platform:
    """What the tests need: HTTP on one origin per service, the bus, a runner restart."""

    mode: str
    bus: MessageBus
    data_dir: Path

    def base_url(self, path: str) -> str:
        raise NotImplementedError

    _client: httpx.AsyncClient | None = None

    async def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        # One client for the platform's life: a client per call builds a TLS context each time
        # (tens of ms of CPU), which in embedded mode is stolen from the services' event loop.
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=60)
        return await self._client.request(method, self.base_url(path) + path, **kwargs)

    async def close_client(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    @property
    def secrets_transport_key(self) -> str:
        """The key studio and runner share to seal project secrets on the bus."""
        raise NotImplementedError

    def admin_password(self) -> str:
        """The password the authorization generated for `admin` when it first started."""
        return next(self.data_dir.rglob("admin-password")).read_text().strip()

    async def project_token(self, name: str) -> tuple[str, str]:
        """Log in as the generated admin, create project `name`: its id and an owner token."""
        body = {"username": "admin", "password": self.admin_password()}
        login = await self.request("POST", "/api/authorization/login", json=body)
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        created = await self.request(
            "POST", "/api/authorization/projects", json={"name": name}, headers=headers
        )
        project_id = str(created.json()["id"])
        switched = await self.request(
            "POST",
            "/api/authorization/me/project",
            json={"project_id": project_id},
            headers=headers,
        )
        return project_id, str(switched.json()["access_token"])

    async def publish(self, envelope: Envelope) -> None:
        await self.bus.publish(envelope)

    def pids(self) -> tuple[int, ...]:
        """The platform's own processes (what user code must never see nor signal)."""
        raise NotImplementedError

    async def restart_runner(self, *, crash: bool) -> None:
        raise NotImplementedError

    async def restart_service(self, service: str) -> None:
        """Stop `service` gracefully and start it again on the same data."""
        raise NotImplementedError

    async def start(self) -> None:
        raise NotImplementedError

    async def stop(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        """`async with platform:` starts it, and stops it at the end when it started."""
        await self.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    # Backup and restore (`flowloom-adm backup/restore` on this installation) -------------

    def adm_target(self) -> tuple[list[str], dict[str, str]]:
        """The `flowloom-adm` options and environment naming this installation."""
        raise NotImplementedError

    async def halt(self) -> None:
        """Stop serving, keeping every byte of data: `resume` serves the same data again."""
        raise NotImplementedError

    async def resume(self) -> None:
        raise NotImplementedError

    async def wipe(self) -> None:
        """Delete all the data of a halted platform: databases, objects, local files."""
        raise NotImplementedError


class EmbeddedPlatform(Platform):
    mode = "embedded"

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = testing.free_port()
        self._seaweed = SeaweedServer(data_dir)
        self._task: asyncio.Task[None] | None = None
        self._server: uvicorn.Server | None = None
        # Held like `flowloom-adm up` holds it, so `flowloom-adm backup` finds the object store.
        self._lock = UpLock(data_dir)

    def base_url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self._lock.acquire()
        self._seaweed = SeaweedServer(self.data_dir)
        s3 = await asyncio.to_thread(self._seaweed.start)
        self._lock.record(self.base_url(""), s3.url)
        self._installation = Installation(self.data_dir, self.base_url(""), s3)
        await self._serve()
        self.bus = create_bus("memory://")
        await self.bus.start()

    async def _serve(self) -> None:
        gateway = Gateway(service_apps(self._installation))
        config = uvicorn.Config(gateway, port=self.port, log_level="warning", lifespan="on")
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        await testing.eventually(lambda: self._server is not None and self._server.started, 60)

    async def _shutdown(self) -> None:
        assert self._server is not None
        assert self._task is not None
        self._server.should_exit = True
        await self._task

    @property
    def secrets_transport_key(self) -> str:
        return self._installation.key("secrets-transport")

    def pids(self) -> tuple[int, ...]:
        return (os.getpid(),)  # served from the caller's process and event loop

    async def restart_runner(self, *, crash: bool) -> None:
        """One process holds every service here: restarting the runner restarts them all.

        In-process there is no real crash: the shutdown is graceful (work in flight is
        abandoned, not finished); the distributed platform SIGKILLs its runner instead."""
        del crash
        await self._shutdown()
        await self._serve()

    async def restart_service(self, service: str) -> None:
        """One process holds every service: restarting one restarts them all."""
        assert service in SERVICES, service
        await self._shutdown()
        await self._serve()

    async def stop(self) -> None:
        if self._task is None:
            return  # halted
        await self.close_client()
        await self.bus.close()
        await self._shutdown()
        self._task = None
        await asyncio.to_thread(self._seaweed.stop)
        self._lock.release()

    def adm_target(self) -> tuple[list[str], dict[str, str]]:
        return ["--data-dir", str(self.data_dir)], {}

    async def halt(self) -> None:
        await self.stop()

    async def resume(self) -> None:
        await self.start()

    async def wipe(self) -> None:
        assert self._task is None, "halt the platform first"
        await asyncio.to_thread(shutil.rmtree, self.data_dir)
        self.data_dir.mkdir(parents=True)


class DistributedPlatform(Platform):
    mode = "distributed"

    def __init__(
        self,
        data_dir: Path,
        s3: S3Endpoint,
        *,
        key_files: bool = False,
        postgres_admin_url: str | None = None,
        bus_url: str | None = None,
    ) -> None:
        """`key_files`: every key in a file of `data_dir/keys/` named by the services'
        `…_FILE` settings (as mounted secrets are), which `flowloom-adm keys rotate
        --distributed` rotates live; otherwise the keys are given inline in the settings.
        `postgres_admin_url`: the server the services' databases are made on (default the
        test server); `bus_url`: a broker of the caller's own, used as is (default a fresh
        virtual host of the test broker, deleted at `stop`)."""
        self.data_dir = data_dir
        self._s3 = s3
        self._key_files = key_files
        self._postgres_admin_url = postgres_admin_url
        self._bus_url = bus_url
        self._processes: dict[str, testing.ServiceProcess] = {}
        self._ports = {service: testing.free_port() for service in SERVICES}
        self._env: dict[str, dict[str, str]] = {}
        self._databases: list[str] = []
        self._vhost = ""
        self._transport_key = base64.urlsafe_b64encode(os.urandom(32)).decode()
        self._proxy = ReverseProxy(
            data_dir / "proxy",
            testing.free_port(),
            {service: f"127.0.0.1:{port}" for service, port in self._ports.items()},
        )

    @property
    def secrets_transport_key(self) -> str:
        if self._key_files:
            return read_key_file(self.data_dir / "keys" / "secrets-transport")[0]
        return self._transport_key

    def pids(self) -> tuple[int, ...]:
        return tuple(service.process.pid for service in self._processes.values())

    def base_url(self, path: str) -> str:
        """Every call goes through the reverse proxy: one origin, as users and the CLI see it."""
        return self._proxy.origin

    def service_url(self, service: str) -> str:
        return f"http://127.0.0.1:{self._ports[service]}"

    async def start(self) -> None:
        """Every service started, or (when one fails) nothing left running or created."""
        try:
            await self._start()
        except BaseException:
            await asyncio.to_thread(self._proxy.stop)
            for process in self._processes.values():
                await asyncio.to_thread(process.stop)
            self._processes.clear()
            for database in self._databases:
                await testing.drop_postgres_database(database)
            await self._delete_vhost()
            raise

    async def _start(self) -> None:
        self._vhost = self._bus_url or await testing.create_vhost()
        for service in SERVICES:
            env = self._service_env(service)
            if service in WITH_DATABASE:
                database = await testing.create_postgres_database(
                    f"flowloom_{service.replace('-', '_')}", self._postgres_admin_url
                )
                self._databases.append(database)
                env[_prefix(service) + "DATABASE_URL"] = database
                await asyncio.to_thread(_migrate, service, env)
            self._env[service] = env
            await asyncio.to_thread(self._launch, service)
        await asyncio.to_thread(self._proxy.start)
        self.bus = create_bus(self._vhost)
        await self.bus.start()

    def _service_env(self, service: str) -> dict[str, str]:
        prefix = _prefix(service)
        env = {
            "FLOWLOOM_BUS_URL": self._vhost,
            prefix + "PORT": str(self._ports[service]),
            prefix + "DATA_DIR": str(self.data_dir / service),
            "FLOWLOOM_LOG_LEVEL": "warning",
        }
        if service != "authorization":
            jwks = f"{self.service_url('authorization')}/api/authorization/.well-known/jwks.json"
            env |= {
                prefix + "JWKS_URL": jwks,
                prefix + "S3_URL": self._s3.url,
                prefix + "S3_ACCESS_KEY": self._s3.access_key,
                prefix + "S3_SECRET_KEY": self._s3.secret_key,
                prefix + "S3_BUCKET": f"{service}-{os.urandom(4).hex()}",
            }
        secret = base64.urlsafe_b64encode(os.urandom(32)).decode()
        if service in ("runner", "studio"):
            env[prefix + "SECRETS_TRANSPORT_KEY"] = self._transport_key
        if service == "runner":
            env[prefix + "VALUES_KEY"] = secret
        if service == "repository":
            env[prefix + "CREDENTIALS_KEY"] = secret
            # The other services' data sits beside its own: no source may read any of it.
            env[prefix + "PLATFORM_DATA_DIRS"] = json.dumps([str(self.data_dir)])
        if service == "studio":
            env[prefix + "SECRETS_KEY"] = secret
        if service == "authorization":
            env[prefix + "KEY_ENCRYPTION_KEY"] = secret
        if self._key_files:
            for key in (key for key in KEY_FILES if key.service == service):
                path = self.data_dir / "keys" / key.name
                if not path.exists():
                    write_key_file(path, [env.get(prefix + key.setting.upper(), secret)])
                env.pop(prefix + key.setting.upper(), None)
                env[prefix + key.field.upper()] = str(path)
        return env

    def _launch(self, service: str) -> None:
        command = shutil.which(f"flowloom-{service}")
        assert command, f"flowloom-{service} is not installed"
        log = self.data_dir / f"{service}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        process = testing.ServiceProcess([command], self._env[service], log)
        try:
            process.wait_healthy(f"{self.service_url(service)}/api/{service}/healthz")
        except BaseException:
            process.stop()  # its log says why
            raise
        self._processes[service] = process

    async def start_second_runner(self) -> str:
        """Another runner process on the same database, bus and object store (a second
        replica, with a data dir and port of its own), stopped with the platform: its URL.
        It waits as a standby while the first holds the lease."""
        port = testing.free_port()
        env = self._env["runner"] | {
            "FLOWLOOM_RUNNER_PORT": str(port),
            "FLOWLOOM_RUNNER_DATA_DIR": str(self.data_dir / "runner-2"),
        }
        command = shutil.which("flowloom-runner")
        assert command, "flowloom-runner is not installed"
        url = f"http://127.0.0.1:{port}"
        process = testing.ServiceProcess([command], env, self.data_dir / "runner-2.log")
        try:
            await asyncio.to_thread(process.wait_healthy, f"{url}/api/runner/healthz")
        except BaseException:
            process.stop()
            raise
        self._processes["runner-2"] = process
        return url

    async def restart_runner(self, *, crash: bool) -> None:
        process = self._processes["runner"]
        if crash:
            process.process.kill()
            process.process.wait()
        await asyncio.to_thread(process.stop)
        await asyncio.to_thread(self._launch, "runner")

    async def restart_service(self, service: str) -> None:
        await asyncio.to_thread(self._processes[service].stop)
        await asyncio.to_thread(self._launch, service)

    async def kill_service(self, service: str) -> None:
        """SIGKILL `service` and leave it down: `restart_service` starts it again (on the
        same data), when the test chooses (after a dependency is back, say)."""
        process = self._processes[service].process
        process.kill()
        await asyncio.to_thread(process.wait)

    async def stop(self) -> None:
        await self.halt()
        for database in self._databases:
            await testing.drop_postgres_database(database)
        await self._delete_vhost()

    async def _delete_vhost(self) -> None:
        if self._vhost and self._vhost != self._bus_url:
            await testing.delete_vhost(self._vhost)

    def adm_target(self) -> tuple[list[str], dict[str, str]]:
        merged: dict[str, str] = {}
        for env in self._env.values():
            merged |= env  # service settings are prefixed; the shared ones are equal
        return ["--distributed"], merged

    async def halt(self) -> None:
        if not self._processes:
            return
        await self.close_client()
        await self.bus.close()
        await asyncio.to_thread(self._proxy.stop)
        for process in self._processes.values():
            await asyncio.to_thread(process.stop)
        self._processes.clear()

    async def resume(self) -> None:
        """The same processes again on the same databases, buckets and virtual host."""
        for service in SERVICES:
            await asyncio.to_thread(self._launch, service)
        await asyncio.to_thread(self._proxy.start)
        self.bus = create_bus(self._vhost)
        await self.bus.start()

    async def wipe(self) -> None:
        """Databases dropped and created empty, buckets emptied, services' local files gone."""
        assert not self._processes, "halt the platform first"
        from flowloom.adm.databases import ensure
        from flowloom.adm.objects import Bucket

        for database in self._databases:
            await testing.drop_postgres_database(database)
            await ensure(database)
        for service, env in self._env.items():
            bucket = env.get(_prefix(service) + "S3_BUCKET")
            if bucket is not None:
                await asyncio.to_thread(Bucket(self._s3, bucket).wipe)
            await asyncio.to_thread(shutil.rmtree, self.data_dir / service, True)


def require_distributed() -> None:
    """What a distributed platform needs on this machine (skip, or fail in CI, without it)."""
    testing.require_postgres()
    testing.require_rabbitmq()
    testing.require_program("nginx", nginx_binary())


def _prefix(service: str) -> str:
    return f"FLOWLOOM_{service.upper().replace('-', '_')}_"


def _migrate(service: str, env: dict[str, str]) -> None:
    command = shutil.which(f"flowloom-{service}-migrate")
    assert command
    subprocess.run([command], env={**os.environ, **env}, check=True, capture_output=True)  # noqa: S603
