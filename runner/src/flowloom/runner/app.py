"""`create_app()`: the runner as a FastAPI app (connections and workers start in the lifespan)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from dataclasses import dataclass, field

from fastapi import FastAPI

from flowloom.runner.container import Container
from flowloom.runner.domain import errors
from flowloom.runner.infrastructure.api import deployments, inputs, logs, runs
from flowloom.runner.infrastructure.database.mapping import start_mappers
from flowloom.runner.infrastructure.database.migrate import upgrade
from flowloom.runner.infrastructure.database.tables import message_tables
from flowloom.runner.infrastructure.messaging.consumers import subscriptions
from flowloom.runner.settings import RunnerSettings
from flowloom.servicekit.database.lease import Lease
from flowloom.servicekit.messaging.subscriptions import subscribe_all
from flowloom.servicekit.web.app import service_app, service_lifespan
from flowloom.servicekit.web.bodies import BodyLimit
from flowloom.servicekit.web.checks import service_checks
from flowloom.servicekit.web.problems import OUTAGES, install_problem_handlers
from flowloom.servicekit.web.standby import STANDBY, install_standby_guard, readiness_router

log = logging.getLogger(__name__)

PREFIX = "/api/runner"


def create_app(settings: RunnerSettings | None = None) -> FastAPI:
    settings = settings or RunnerSettings()
    container = Container(settings=settings)
    duty = Duty(container, settings.lease_poll_seconds)

    async def prepare() -> None:
        if settings.migrate_on_start:
            await upgrade(settings.database_url)
        start_mappers()
        await container.files().ensure_bucket()

    def install(app: FastAPI) -> None:
        app.state.duty = duty
        install_problem_handlers(app, conflicts=True)  # writes may meet a state conflict
        app.add_exception_handler(errors.RunInputRejected, inputs.rejected_inputs)
        install_standby_guard(app, PREFIX, lambda: duty.active)

    multipart = ("multipart/form-data",)
    return service_app(
        title="Flowloom runner",
        description="Deployments, runs, executions, logs, results and webhooks." + OUTAGES,
        prefix=PREFIX,
        settings=settings,
        container=container,
        # The lease is released last, once this runner's work and connections are closed.
        lifespan=service_lifespan(
            container, prepare=prepare, start=duty.begin, stop=duty.end, closed=duty.release
        ),
        install=install,
        checks=lambda: service_checks(
            container, object_store=container.files().check, lease=duty.check
        ),
        routers=[
            readiness_router(PREFIX, lambda: duty.active),
            *(module.router for module in (runs, logs, deployments)),
        ],
        route_limits={
            f"POST {PREFIX}/workflows/{{workflow_id}}/runs": BodyLimit.of(
                settings, "upload_body_bytes", multipart
            ),
            f"POST {PREFIX}/hooks/{{workflow_id}}/{{key}}": BodyLimit.of(
                settings, "webhook_body_bytes", multipart
            ),
        },
    )


@dataclass(eq=False)
class Duty:
    """Whether this runner is the active one (it holds the lease: its engine, triggers and
    consumers run) or a standby waiting for the lease, serving only its health.

    The first runner on a database takes the lease at once and starts as before; another one
    started on the same database waits, polling every ``poll_seconds``, and starts when the
    holder goes (its recovery resumes the runs in flight). A holder that loses the lease to
    another (after a database outage) stops its process: one runner runs at a time."""

    container: Container
    poll_seconds: float
    _lease: Lease | None = field(
        init=False, default=None
    )  # taken from the container when the lifespan begins
    _task: asyncio.Task[None] | None = field(init=False, default=None)
    active: bool = field(init=False, default=False)

    @property
    def lease(self) -> Lease:
        if self._lease is None:
            self._lease = self.container.lease()
        return self._lease

    async def begin(self) -> None:
        if await self.lease.try_take():
            await self._activate()
            self._task = asyncio.create_task(self._keep())
        else:
            log.warning("another runner holds the lease: this one waits as a standby")
            self._task = asyncio.create_task(self._wait_then_keep())

    async def end(self) -> None:
        """Stop waiting or watching, and this runner's work if it was the active one (its
        resources close after, then the lease is released)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.active:
            await _stop(self.container)

    async def release(self) -> None:
        await self.lease.release()

    async def check(self) -> None:
        if not self.active:
            raise Standby(STANDBY)

    async def _activate(self) -> None:
        await _start(self.container)
        self.active = True

    async def _wait_then_keep(self) -> None:
        await self.lease.take(self.poll_seconds)
        log.warning("took the lease: this runner is now the active one")
        await self._activate()
        await self._keep()

    async def _keep(self) -> None:
        await self.lease.watch(self.poll_seconds)
        log.critical("another runner took the lease: stopping this one")
        os.kill(os.getpid(), signal.SIGTERM)


class Standby(Exception):
    """This runner waits for the lease."""


async def _start(container: Container) -> None:
    """Workers first, then what was live before a restart (token revocations included),
    then new messages. Waits for the database if it does not answer yet."""
    outages = container.outages()
    await container.deployer().start()
    await outages.run(lambda _: container.deployments().resume(), "deployments")
    recovered = await container.execution_engine().recover()
    if recovered:
        log.warning("resumed %d run(s) interrupted by a restart", recovered)
    await outages.run(lambda _: container.revocations().load(), "token revocations")
    wanted = subscriptions(
        container.deployments(),
        container.cleanup(),
        container.secrets(),
        container.transport(),
        container.revocations(),
    )
    bus = await container.bus()  # type: ignore[misc]
    await subscribe_all(bus, container.sessions(), message_tables.inbox, wanted, outages)


async def _stop(container: Container) -> None:
    # The supervisor goes before the deployer, so stopping wrappers is not a failed source.
    await container.supervisor().close()
    await container.execution_engine().close()
    await container.deployer().close()
    await container.condition_workers().close()
