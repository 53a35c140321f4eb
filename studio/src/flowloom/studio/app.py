"""`create_app()`: the studio as a FastAPI app (connections and consumers start in the lifespan)."""

from __future__ import annotations

from fastapi import FastAPI

from flowloom.servicekit.web.app import consume, service_app, service_lifespan
from flowloom.servicekit.web.bodies import BodyLimit
from flowloom.servicekit.web.checks import service_checks
from flowloom.servicekit.web.problems import OUTAGES
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
from flowloom.studio.infrastructure.messaging.consumers import subscriptions
from flowloom.studio.settings import StudioSettings


def create_app(settings: StudioSettings | None = None) -> FastAPI:
    settings = settings or StudioSettings()
    container = Container(settings=settings)

    async def prepare() -> None:
        if settings.migrate_on_start:
            await upgrade(settings.database_url)
        container.uow()  # fails early on a missing secrets key or secrets transport key
        await container.files().ensure_bucket()

    async def start() -> None:
        wanted = subscriptions(
            container.actions(),
            container.deployments(),
            container.cleanup(),
            container.revocations(),
        )
        await consume(container, message_tables.inbox, wanted)

    return service_app(
        title="Flowloom studio",
        description="Action store, workflows and their validation, versions, deployments, "
        "project variables and secrets." + OUTAGES,
        prefix=PREFIX,
        settings=settings,
        container=container,
        lifespan=service_lifespan(container, prepare=prepare, start=start),
        install=install_error_handlers,
        checks=lambda: service_checks(container, object_store=container.files().check),
        # transfer first: `/workflows/import` must not be read as the workflow id "import".
        routers=[
            module.router
            for module in (actions, transfer, workflows, editing, deployments, variables)
        ],
        route_limits={
            f"POST {PREFIX}/workflows/{{workflow_id}}/files": BodyLimit.of(
                settings, "upload_body_bytes"
            ),
            f"POST {PREFIX}/workflows/import": BodyLimit.of(
                settings, "import_body_bytes", ("application/zip",)
            ),
        },
    )
