"""`create_app()`: the builder as a FastAPI app (bus, bucket and consumers open in the lifespan)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from flowloom.action_builder.application.builds import BuildService
from flowloom.action_builder.container import Container
from flowloom.action_builder.infrastructure.messaging.consumers import subscribe_all, subscriptions
from flowloom.action_builder.settings import ActionBuilderSettings
from flowloom.servicekit.messaging import MessageBus
from flowloom.servicekit.web.health import Check, health_router

PREFIX = "/api/action-builder"


def create_app(settings: ActionBuilderSettings | None = None) -> FastAPI:
    settings = settings or ActionBuilderSettings()
    container = Container(settings=settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        container.workspaces().purge()
        await container.store().ensure_bucket()
        await container.init_resources()  # type: ignore[misc]
        try:
            bus: MessageBus = await container.bus()  # type: ignore[misc]
            # Async because the publisher needs the bus, an async resource.
            builds: BuildService = await container.builds()  # type: ignore[misc]
            await subscribe_all(bus, subscriptions(builds, settings.concurrency))
            yield
        finally:
            # Closing the bus stops the consumers: builds in progress are killed and their
            # orders, not acknowledged, come back to a builder.
            await container.shutdown_resources()  # type: ignore[misc]

    app = FastAPI(
        title="Flowloom action builder",
        version="0.1.0",
        description="Builds actions into runnable artefacts; driven by bus messages.",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.container = container
    app.include_router(health_router(PREFIX, lambda: _checks(container)))
    return app


def _checks(container: Container) -> dict[str, Check]:
    async def object_store() -> None:
        await container.store().check()

    return {"object_store": object_store}
