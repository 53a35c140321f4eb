"""A service as a FastAPI app: `service_app` builds what every service's `create_app` shares
(documents under the service's prefix, problem handlers, health, routes, body limits) and
`service_lifespan` what every lifespan does (prepare, open the container's resources, start
the service's work; stop it, close the resources and dispose of the engine)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, TypeVar

from fastapi import APIRouter, FastAPI, Request
from sqlalchemy import Table

from flowloom.servicekit.messaging.subscriptions import Subscription, subscribe_all
from flowloom.servicekit.settings import ServiceSettings
from flowloom.servicekit.web.bodies import BodyLimit, install_body_limits
from flowloom.servicekit.web.health import Check, health_router

Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]
Step = Callable[[], Awaitable[None]]
T = TypeVar("T")


def provided(get: Callable[[Request], T]) -> Callable[[Request], Awaitable[T]]:
    """A FastAPI dependency answering what `get` takes from the request (a service from the
    app's container). A coroutine, not a plain function: FastAPI hands a plain function
    dependency to a worker thread, a round trip that costs more than the lookup."""

    async def dependency(request: Request) -> T:
        return get(request)

    return dependency


async def _nothing() -> None:
    return None


def service_lifespan(
    container: Any,
    *,
    prepare: Step = _nothing,
    start: Step = _nothing,
    stop: Step = _nothing,
    closed: Step = _nothing,
) -> Lifespan:
    """The lifespan of a service whose dependency-injector `container` has an `engine`:
    `prepare` (migrate on start, mappers, keys and bucket checked) before the container's
    resources (bus, relay) open, then `start` (the service's workers and consumers); on the
    way out, even after a failed start, `stop`, then the resources close, the engine is
    disposed of, and `closed` runs last (the runner releases its lease there)."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await prepare()
        await container.init_resources()
        try:
            await start()
            yield
        finally:
            await stop()
            await container.shutdown_resources()
            await container.engine().dispose()
            await closed()

    return lifespan


async def consume(container: Any, inbox: Table, wanted: list[Subscription]) -> None:
    """The start of a service that verifies tokens and consumes messages: the token
    revocations in force are loaded (before any request or message is handled), then
    `wanted` is subscribed on the bus, each message handled once through `inbox`
    (`subscribe_all`). The `container` has servicekit's database and bus, outage retry and
    token providers (`database_and_bus`, `outage_retry`, `token_checks`)."""
    await container.revocations().load()
    bus = await container.bus()
    await subscribe_all(bus, container.sessions(), inbox, wanted, container.outages())


def service_app(
    *,
    title: str,
    description: str,
    prefix: str,
    settings: ServiceSettings,
    container: Any,
    lifespan: Lifespan,
    install: Callable[[FastAPI], None],
    checks: Callable[[], Mapping[str, Check]],
    routers: Sequence[APIRouter] = (),
    route_limits: Mapping[str, BodyLimit] | None = None,
) -> FastAPI:
    """The app of a service: its OpenAPI document and docs under `prefix`, the `container` in
    `app.state`, `install` (its problem handlers and any guard of its own), the health route
    answering `checks`, its `routers` in order (a literal path before a parameter that would
    read it), and request bodies limited to JSON_BODY_BYTES except for `route_limits`."""
    app = FastAPI(
        title=title,
        version="0.1.0",
        description=description,
        openapi_url=f"{prefix}/openapi.json",
        docs_url=f"{prefix}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.container = container
    install(app)
    app.include_router(health_router(prefix, checks))
    for router in routers:
        app.include_router(router)
    install_body_limits(app, BodyLimit.of(settings, "json_body_bytes"), route_limits)
    return app
