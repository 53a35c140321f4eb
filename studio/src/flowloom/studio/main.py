"""Console scripts: `flowloom-studio` (serve) and `flowloom-studio-migrate`."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import uvicorn

from flowloom.studio.app import create_app
from flowloom.studio.infrastructure.database.migrate import upgrade
from flowloom.studio.settings import StudioSettings


def serve() -> None:
    """Run the studio alone (distributed mode); settings come from the environment."""
    settings = StudioSettings()
    logging.basicConfig(level=settings.log_level.upper())
    app = create_app(settings)
    # uvicorn re-raises Ctrl-C after its clean shutdown: stopping is the normal end.
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(app, host=settings.host, port=settings.port, log_level=settings.log_level)


def migrate() -> None:
    """Bring the database to the newest schema."""
    settings = StudioSettings()
    logging.basicConfig(level=settings.log_level.upper())
    asyncio.run(upgrade(settings.database_url))
    print(f"studio database migrated ({settings.database_url.split('@')[-1]})")
