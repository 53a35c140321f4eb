"""Console scripts: `flowloom-studio` (serve) and `flowloom-studio-migrate`."""

from __future__ import annotations

from flowloom.servicekit import entrypoints
from flowloom.studio.app import create_app
from flowloom.studio.infrastructure.database.migrate import upgrade
from flowloom.studio.settings import StudioSettings


def serve() -> None:
    """Run the studio alone (distributed mode); settings come from the environment."""
    entrypoints.serve(StudioSettings(), create_app)


def migrate() -> None:
    """Bring the database to the newest schema."""
    entrypoints.migrate(StudioSettings(), "studio", lambda settings: upgrade(settings.database_url))
