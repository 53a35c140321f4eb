"""Console scripts: `flowloom-authorization` (serve) and `flowloom-authorization-migrate`."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import uvicorn

from flowloom.authorization.app import create_app
from flowloom.authorization.infrastructure.database.migrate import upgrade
from flowloom.authorization.settings import AuthorizationSettings


def serve() -> None:
    """Run the service alone (distributed mode); settings come from the environment."""
    settings = AuthorizationSettings()
    logging.basicConfig(level=settings.log_level.upper())
    app = create_app(settings)
    # uvicorn re-raises Ctrl-C after its clean shutdown: stopping is the normal end.
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(app, host=settings.host, port=settings.port, log_level=settings.log_level)


def migrate() -> None:
    """Bring the database to the newest schema."""
    settings = AuthorizationSettings()
    logging.basicConfig(level=settings.log_level.upper())
    asyncio.run(upgrade(settings.database_url))
    print(f"authorization database migrated ({settings.database_url.split('@')[-1]})")
