"""`create_app()`: the builder as a FastAPI app (bus, bucket and consumers open in the lifespan)."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from flowloom.action_builder.application.builds import BuildService
from flowloom.action_builder.container import Container
from flowloom.action_builder.infrastructure.database.migrate import upgrade
from flowloom.action_builder.infrastructure.environment.sandbox import BuildSandbox
from flowloom.action_builder.infrastructure.messaging.consumers import subscribe_all, subscriptions
from flowloom.action_builder.settings import ActionBuilderSettings
from flowloom.servicekit.messaging import MessageBus
from flowloom.servicekit.web.app import service_app, service_lifespan
from flowloom.servicekit.web.checks import service_checks
from flowloom.servicekit.web.health import Check
from flowloom.servicekit.web.problems import install_problem_handlers

PREFIX = "/api/action-builder"
logger = logging.getLogger(__name__)


def create_app(settings: ActionBuilderSettings | None = None) -> FastAPI:
    settings = settings or ActionBuilderSettings()
    container = Container(settings=settings)

    async def prepare() -> None:
        if settings.migrate_on_start:
            await upgrade(settings.database_url)
        container.workspaces().purge()
        sandbox: BuildSandbox = container.sandbox()
        if problem := sandbox.problem():  # said loudly, once: every build will be refused
            logger.error("%s", problem)
        elif sandbox.tools is None:
            logger.warning(
                "bubblewrap (bwrap) is not installed: builds run the action's code WITHOUT a "
                "sandbox, with the builder's rights (FLOWLOOM_ACTION_BUILDER_ALLOW_UNSANDBOXED=1)"
            )
        await container.store().ensure_bucket()

    async def start() -> None:
        bus: MessageBus = await container.bus()  # type: ignore[misc]
        builds: BuildService = container.builds()
        await subscribe_all(bus, subscriptions(builds, settings.concurrency))

    return service_app(
        title="Flowloom action builder",
        description="Builds actions into runnable artefacts; driven by bus messages.",
        prefix=PREFIX,
        settings=settings,
        container=container,
        # The resources are the bus and the outbox relay. Closing the bus stops the consumers:
        # builds in progress are killed and their orders, not acknowledged, come back to a
        # builder.
        lifespan=service_lifespan(container, prepare=prepare, start=start),
        install=install_problem_handlers,
        checks=lambda: _checks(container),
    )


def _checks(container: Container) -> dict[str, Check]:
    async def object_store() -> None:
        await container.store().check()

    return service_checks(container, object_store=object_store)
