"""Console scripts: `flowloom-repository` (serve) and `flowloom-repository-migrate`."""

from __future__ import annotations

from flowloom.repository.app import create_app
from flowloom.repository.infrastructure.database.migrate import upgrade
from flowloom.repository.settings import RepositorySettings
from flowloom.servicekit import entrypoints


def serve() -> None:
    """Run the repository alone (distributed mode); settings come from the environment."""
    entrypoints.serve(RepositorySettings(), create_app)


def migrate() -> None:
    """Bring the database to the newest schema."""
    entrypoints.migrate(
        RepositorySettings(), "repository", lambda settings: upgrade(settings.database_url)
    )
