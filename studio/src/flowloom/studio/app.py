"""`create_app()`: the studio as a FastAPI app (connections and consumers start in the lifespan)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from flowloom.servicekit.web.checks import database_check
from flowloom.servicekit.web.health import health_router
from flowloom.studio.container import Container
from flowloom.studio.infrastructure.api import (
    actions,
    deployments,
    editing,
    transfer,
    variables,
    workflows,
)
from flowloom.studio.infrastructure.api.deps import PREFIX
from flowloom.studio.infrastructure.api.errors import install_error_handlers
from flowloom.studio.infrastructure.database.migrate import upgrade
from flowloom.studio.infrastructure.database.tables import message_tables
from flowloom.studio.infrastructure.messaging.consumers import subscribe_all, subscriptions
from flowloom.studio.settings import StudioSettings


def create_app(settings: StudioSettings | None = None) -> FastAPI:
    settings = settings or StudioSettings()
    container = Container(settings=settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            await upgrade(settings.database_url)
        container.uow()  # fails early on a missing secrets key or secrets transport key
        await container.files().ensure_bucket()
        await container.init_resources()  # type: ignore[misc]
        try:
            wanted = subscriptions(
                container.actions(), container.deployments(), container.cleanup()
            )
            bus = await container.bus()  # type: ignore[misc]
            await subscribe_all(bus, container.sessions(), message_tables.inbox, wanted)
            yield
        finally:
            await container.shutdown_resources()  # type: ignore[misc]
            await container.engine().dispose()

    app = FastAPI(
        title="Flowloom studio",
        version="0.1.0",
        description="Action store, workflows and their validation, versions, deployments, "
        "project variables and secrets.",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.container = container
    install_error_handlers(app)
    app.include_router(
        health_router(PREFIX, lambda: {"database": database_check(container.engine)})
    )
    # transfer first: `/workflows/import` must not be read as the workflow id "import".
    for module in (actions, transfer, workflows, editing, deployments, variables):
        app.include_router(module.router)
    return app
