"""`create_app()`: the authorization service as a FastAPI app (connections open in the lifespan)."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI

from flowloom.authorization.container import Container
from flowloom.authorization.domain import errors
from flowloom.authorization.infrastructure.api import (
    api_keys,
    lockouts,
    projects,
    sessions,
    users,
)
from flowloom.authorization.infrastructure.database.mapping import start_mappers
from flowloom.authorization.infrastructure.database.migrate import upgrade_with
from flowloom.authorization.infrastructure.database.tables import message_tables
from flowloom.authorization.infrastructure.messaging.consumers import subscriptions
from flowloom.authorization.settings import AuthorizationSettings
from flowloom.servicekit.messaging.subscriptions import subscribe_all
from flowloom.servicekit.web.app import service_app, service_lifespan
from flowloom.servicekit.web.checks import service_checks
from flowloom.servicekit.web.problems import OUTAGES, install_problem_handlers

log = logging.getLogger(__name__)

PREFIX = "/api/authorization"
# The authorization's own errors (the kernel's are mapped by servicekit).
ERROR_STATUSES: dict[type[Exception], int] = {
    errors.InvalidCredentials: 401,
    errors.InvalidToken: 401,
    errors.TooManyAttempts: 429,
}


def create_app(settings: AuthorizationSettings | None = None) -> FastAPI:
    settings = settings or AuthorizationSettings()
    container = Container(settings=settings)

    async def prepare() -> None:
        container.key_encryption()  # fails early without a key-encryption key
        if settings.migrate_on_start:
            await upgrade_with(settings)
        start_mappers()

    return service_app(
        title="Flowloom authorization",
        description="Users, projects, roles, access tokens (JWKS) and API keys." + OUTAGES,
        prefix=PREFIX,
        settings=settings,
        container=container,
        lifespan=service_lifespan(
            container,
            prepare=prepare,
            start=lambda: _prepare(container, settings),
            stop=lambda: container.key_refresher().stop(),
        ),
        # Routes declare their own 403s.
        install=lambda app: install_problem_handlers(app, ERROR_STATUSES, forbidden=False),
        checks=lambda: service_checks(container),
        routers=[module.router for module in (sessions, users, projects, api_keys, lockouts)],
    )


async def _prepare(container: Container, settings: AuthorizationSettings) -> None:
    """Load the signing key (and keep it current), the revocations in force, consume new
    revocations and, on the very first start, create the admin user."""
    await container.key_refresher().start()
    revocations = container.revocations()
    await revocations.load()
    bus = await container.bus()  # type: ignore[misc]
    wanted = subscriptions(revocations)
    await subscribe_all(
        bus, container.sessions(), message_tables.inbox, wanted, container.outages()
    )
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
