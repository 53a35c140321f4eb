"""Console scripts: `flowloom-runner` (serve) and `flowloom-runner-migrate`."""

from __future__ import annotations

from flowloom.runner.app import create_app
from flowloom.runner.infrastructure.database.migrate import upgrade
from flowloom.runner.settings import RunnerSettings
from flowloom.servicekit import entrypoints


def serve() -> None:
    """Run the runner alone (distributed mode); settings come from the environment."""
    entrypoints.serve(RunnerSettings(), create_app)


def migrate() -> None:
    """Bring the database to the newest schema."""
    entrypoints.migrate(RunnerSettings(), "runner", lambda settings: upgrade(settings.database_url))
