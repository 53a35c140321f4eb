"""Console scripts: `flowloom-repository` (serve) and `flowloom-repository-migrate`."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import uvicorn

from flowloom.repository.app import create_app
from flowloom.repository.infrastructure.database.migrate import upgrade
from flowloom.repository.settings import RepositorySettings


def serve() -> None:
    """Run the repository alone (distributed mode); settings come from the environment."""
    settings = RepositorySettings()
    logging.basicConfig(level=settings.log_level.upper())
    app = create_app(settings)
    # uvicorn re-raises Ctrl-C after its clean shutdown: stopping is the normal end.
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(app, host=settings.host, port=settings.port, log_level=settings.log_level)


def migrate() -> None:
    """Bring the database to the newest schema."""
    settings = RepositorySettings()
    logging.basicConfig(level=settings.log_level.upper())
    asyncio.run(upgrade(settings.database_url))
    print(f"repository database migrated ({settings.database_url.split('@')[-1]})")
