"""`create_app()`: the runner as a FastAPI app (connections and workers start in the lifespan)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from flowloom.runner.container import Container
from flowloom.runner.domain import errors
from flowloom.runner.infrastructure.api import deployments, logs, runs
from flowloom.runner.infrastructure.database.mapping import start_mappers
from flowloom.runner.infrastructure.database.migrate import upgrade
from flowloom.runner.infrastructure.database.tables import message_tables
from flowloom.runner.infrastructure.messaging.consumers import subscribe_all, subscriptions
from flowloom.runner.settings import RunnerSettings
from flowloom.servicekit.web.checks import database_check
from flowloom.servicekit.web.health import health_router
from flowloom.servicekit.web.problems import install_problem_handlers

log = logging.getLogger(__name__)

PREFIX = "/api/runner"
ERROR_STATUSES: dict[type[Exception], int] = {
    errors.ValidationFailed: 422,
    errors.NotFound: 404,
    errors.Conflict: 409,
}


def create_app(settings: RunnerSettings | None = None) -> FastAPI:
    settings = settings or RunnerSettings()
    container = Container(settings=settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            await upgrade(settings.database_url)
        start_mappers()
        await container.files().ensure_bucket()
        await container.init_resources()  # type: ignore[misc]
        try:
            await _start(container)
            yield
        finally:
            await _stop(container)

    app = FastAPI(
        title="Flowloom runner",
        version="0.1.0",
        description="Deployments, runs, executions, logs, results and webhooks.",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.container = container
    install_problem_handlers(app, ERROR_STATUSES)
    app.include_router(
        health_router(PREFIX, lambda: {"database": database_check(container.engine)})
    )
    for module in (runs, logs, deployments):
        app.include_router(module.router)
    return app


async def _start(container: Container) -> None:
    """Workers first, then what was live before a restart, then new messages."""
    await container.deployer().start()
    await container.deployments().resume()
    recovered = await container.execution_engine().recover()
    if recovered:
        log.warning("resumed %d run(s) interrupted by a restart", recovered)
    wanted = subscriptions(
        container.deployments(), container.cleanup(), container.secrets(), container.transport()
    )
    bus = await container.bus()  # type: ignore[misc]
    await subscribe_all(bus, container.sessions(), message_tables.inbox, wanted)


async def _stop(container: Container) -> None:
    # The supervisor goes before the deployer, so stopping wrappers is not a failed source.
    await container.supervisor().close()
    await container.execution_engine().close()
    await container.deployer().close()
    await container.shutdown_resources()  # type: ignore[misc]
    await container.engine().dispose()
