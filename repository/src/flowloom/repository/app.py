"""`create_app()`: the repository as a FastAPI app (connections start in the lifespan)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from flowloom.repository.container import Container
from flowloom.repository.domain import errors
from flowloom.repository.infrastructure.api import actions, builds, scans, sources
from flowloom.repository.infrastructure.database.mapping import start_mappers
from flowloom.repository.infrastructure.database.migrate import upgrade
from flowloom.repository.infrastructure.database.tables import message_tables
from flowloom.repository.infrastructure.messaging.consumers import subscribe_all, subscriptions
from flowloom.repository.settings import RepositorySettings
from flowloom.servicekit.web.checks import database_check
from flowloom.servicekit.web.health import health_router
from flowloom.servicekit.web.problems import install_problem_handlers

log = logging.getLogger(__name__)

PREFIX = "/api/repository"
ERROR_STATUSES: dict[type[Exception], int] = {
    errors.ValidationFailed: 422,
    errors.NotFound: 404,
    errors.Conflict: 409,
}


def create_app(settings: RepositorySettings | None = None) -> FastAPI:
    settings = settings or RepositorySettings()
    container = Container(settings=settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            await upgrade(settings.database_url)
        start_mappers()
        container.credential_cipher()  # refuse to start without a credentials key
        await container.store().ensure_bucket()
        await container.init_resources()  # type: ignore[misc]
        try:
            await _start(container)
            yield
        finally:
            await container.scans().close()
            await container.shutdown_resources()  # type: ignore[misc]
            await container.engine().dispose()

    app = FastAPI(
        title="Flowloom repository",
        version="0.1.0",
        description="Git sources, scans, actions and their builds.",
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
    for module in (sources, scans, actions, builds):
        app.include_router(module.router)
    return app


async def _start(container: Container) -> None:
    """Scans a crash left Running are failed first, then new messages are consumed."""
    interrupted = await container.scans().mark_interrupted()
    if interrupted:
        log.warning("marked %d scan(s) interrupted by a restart as Failed", interrupted)
    wanted = subscriptions(container.builds(), container.cleanup())
    bus = await container.bus()  # type: ignore[misc]
    await subscribe_all(bus, container.sessions(), message_tables.inbox, wanted)
