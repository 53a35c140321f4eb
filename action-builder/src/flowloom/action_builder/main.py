"""Console script `flowloom-action-builder`: serve the builder alone (distributed mode)."""

from __future__ import annotations

import contextlib
import logging

import uvicorn

from flowloom.action_builder.app import create_app
from flowloom.action_builder.settings import ActionBuilderSettings


def serve() -> None:
    """Settings come from the environment (`FLOWLOOM_ACTION_BUILDER_*`)."""
    settings = ActionBuilderSettings()
    logging.basicConfig(level=settings.log_level.upper())
    app = create_app(settings)
    # uvicorn re-raises Ctrl-C after its clean shutdown: stopping is the normal end.
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.run(app, host=settings.host, port=settings.port, log_level=settings.log_level)
