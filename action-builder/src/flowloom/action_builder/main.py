"""Console scripts: `flowloom-action-builder` (serve) and `flowloom-action-builder-migrate`."""

from __future__ import annotations

from flowloom.action_builder.app import create_app
from flowloom.action_builder.infrastructure.database.migrate import upgrade
from flowloom.action_builder.settings import ActionBuilderSettings
from flowloom.servicekit import entrypoints


def serve() -> None:
    """Settings come from the environment (`FLOWLOOM_ACTION_BUILDER_*`)."""
    entrypoints.serve(ActionBuilderSettings(), create_app)


def migrate() -> None:
    """Bring the builder's database to the newest schema."""
    entrypoints.migrate(
        ActionBuilderSettings(), "action-builder", lambda settings: upgrade(settings.database_url)
    )
