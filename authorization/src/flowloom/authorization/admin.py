"""What `flowloom-adm` runs against the authorization database, with the service's settings."""

from __future__ import annotations

from flowloom.authorization.application.signing_keys import Rotation
from flowloom.authorization.container import Container
from flowloom.authorization.domain.signing import SigningKey
from flowloom.authorization.infrastructure.database.mapping import start_mappers
from flowloom.authorization.settings import AuthorizationSettings


async def rotate_signing_key(settings: AuthorizationSettings) -> Rotation:
    """A new signing key, published now and signing after the publication delay; the older
    keys stay published until their tokens have expired (running replicas pick it all up at
    their next key refresh)."""
    container = Container(settings=settings)
    start_mappers()
    try:
        await container.signing_keys().drop_retired()
        return await container.signing_keys().rotate()
    finally:
        await container.engine().dispose()


async def signing_keys(settings: AuthorizationSettings) -> list[SigningKey]:
    """Every stored key, newest first (public halves and dates: nothing secret is opened)."""
    container = Container(settings=settings)
    start_mappers()
    try:
        return await container.signing_keys().keys()
    finally:
        await container.engine().dispose()
