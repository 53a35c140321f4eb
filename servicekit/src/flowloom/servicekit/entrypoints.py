"""What every service's console scripts do: `serve` (`flowloom-<svc>`) and `migrate`
(`flowloom-<svc>-migrate`), each from settings read from the environment."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import uvicorn
from starlette.types import ASGIApp

from flowloom.servicekit.settings import ServiceSettings

S = TypeVar("S", bound=ServiceSettings)


def serve(settings: S, create_app: Callable[[S], ASGIApp], **options: Any) -> None:
    """Run one service alone (distributed mode) on its HOST and PORT; `options` go to uvicorn."""
    logging.basicConfig(level=settings.log_level.upper())
    app = create_app(settings)
    # uvicorn re-raises Ctrl-C after its clean shutdown: stopping is the normal end.
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(
            app, host=settings.host, port=settings.port, log_level=settings.log_level, **options
        )


def migrate(settings: S, name: str, upgrade: Callable[[S], Coroutine[Any, Any, None]]) -> None:
    """Bring the database of service `name` to the newest schema, then say so (no password)."""
    logging.basicConfig(level=settings.log_level.upper())
    asyncio.run(upgrade(settings))
    database_url = str(getattr(settings, "database_url", ""))  # every service with a database
    print(f"{name} database migrated ({database_url.split('@')[-1]})")
