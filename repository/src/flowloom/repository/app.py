"""`create_app()`: the repository as a FastAPI app (connections start in the lifespan)."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from flowloom.repository.container import Container
from flowloom.repository.infrastructure.api import actions, builds, scans, sources
from flowloom.repository.infrastructure.api.deps import PREFIX
from flowloom.repository.infrastructure.database.mapping import start_mappers
from flowloom.repository.infrastructure.database.migrate import upgrade
from flowloom.repository.infrastructure.database.tables import message_tables
from flowloom.repository.infrastructure.messaging.consumers import subscriptions
from flowloom.repository.settings import RepositorySettings
from flowloom.servicekit.web.app import consume, service_app, service_lifespan
from flowloom.servicekit.web.checks import service_checks
from flowloom.servicekit.web.problems import OUTAGES, install_problem_handlers

log = logging.getLogger(__name__)


def create_app(settings: RepositorySettings | None = None) -> FastAPI:
    settings = settings or RepositorySettings()
    container = Container(settings=settings)

    async def prepare() -> None:
        if settings.migrate_on_start:
            await upgrade(settings.database_url)
        start_mappers()
        container.credential_cipher()  # refuse to start without a credentials key
        await container.store().ensure_bucket()

    return service_app(
        title="Flowloom repository",
        description="Git sources, scans, actions and their builds." + OUTAGES,
        prefix=PREFIX,
        settings=settings,
        container=container,
        lifespan=service_lifespan(
            container,
            prepare=prepare,
            start=lambda: _start(container),
            stop=lambda: container.scans().close(),
        ),
        # Writes may meet a state conflict.
        install=lambda app: install_problem_handlers(app, conflicts=True),
        checks=lambda: service_checks(container, object_store=container.store().check),
        routers=[module.router for module in (sources, scans, actions, builds)],
    )


async def _start(container: Container) -> None:
    """Scans a crash left Running are failed first, the token revocations in force are
    loaded, then new messages are consumed."""
    interrupted = await container.scans().mark_interrupted()
    if interrupted:
        log.warning("marked %d scan(s) interrupted by a restart as Failed", interrupted)
    wanted = subscriptions(container.builds(), container.cleanup(), container.revocations())
    await consume(container, message_tables.inbox, wanted)
