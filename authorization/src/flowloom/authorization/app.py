"""`create_app()`: the authorization service as a FastAPI app (connections open in the lifespan)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from flowloom.authorization.container import Container
from flowloom.authorization.domain import errors
from flowloom.authorization.infrastructure.api import api_keys, projects, sessions, users
from flowloom.authorization.infrastructure.database.mapping import start_mappers
from flowloom.authorization.infrastructure.database.migrate import upgrade
from flowloom.authorization.settings import AuthorizationSettings
from flowloom.servicekit.web.checks import database_check
from flowloom.servicekit.web.health import health_router
from flowloom.servicekit.web.problems import install_problem_handlers

log = logging.getLogger(__name__)

PREFIX = "/api/authorization"
ERROR_STATUSES: dict[type[Exception], int] = {
    errors.ValidationFailed: 422,
    errors.InvalidCredentials: 401,
    errors.InvalidToken: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.TooManyAttempts: 429,
}


def create_app(settings: AuthorizationSettings | None = None) -> FastAPI:
    settings = settings or AuthorizationSettings()
    container = Container(settings=settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if settings.migrate_on_start:
            await upgrade(settings.database_url)
        start_mappers()
        await container.init_resources()  # type: ignore[misc]
        try:
            await _prepare(container, settings)
            yield
        finally:
            await container.shutdown_resources()  # type: ignore[misc]
            await container.engine().dispose()

    app = FastAPI(
        title="Flowloom authorization",
        version="0.1.0",
        description="Users, projects, roles, access tokens (JWKS) and API keys.",
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
    for module in (sessions, users, projects, api_keys):
        app.include_router(module.router)
    return app


async def _prepare(container: Container, settings: AuthorizationSettings) -> None:
    """Load the signing key and, on the very first start, create the admin user."""
    key = await container.signing_keys().ensure_active_key()
    container.signer().use(key)
    password = await container.bootstrap().ensure_admin()
    if password is not None:
        path = write_admin_password(settings.data_dir, password)
        log.warning("Created user 'admin' with password %s (also in %s)", password, path)


def write_admin_password(data_dir: Path, password: str) -> Path:
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "admin-password"
    path.unlink(missing_ok=True)
    path.touch(mode=0o600)
    path.write_text(password + "\n")
    return path
