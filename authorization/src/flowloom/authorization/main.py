"""Console scripts: `flowloom-authorization` (serve) and `flowloom-authorization-migrate`."""

from __future__ import annotations

from flowloom.authorization.app import create_app
from flowloom.authorization.infrastructure.database.migrate import upgrade_with
from flowloom.authorization.settings import AuthorizationSettings
from flowloom.servicekit import entrypoints


def serve() -> None:
    """Run the service alone (distributed mode); settings come from the environment."""
    # uvicorn's own X-Forwarded-For handling is off: TRUSTED_PROXIES alone says whose header
    # counts.
    entrypoints.serve(AuthorizationSettings(), create_app, proxy_headers=False)


def migrate() -> None:
    """Bring the database to the newest schema."""
    entrypoints.migrate(AuthorizationSettings(), "authorization", upgrade_with)
