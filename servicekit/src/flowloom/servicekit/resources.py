"""What every service's dependency-injector container holds the same way: the database
engine and its sessions, the bus and the outbox relay (`database_and_bus`), the retry that
waits out a database outage (`outage_retry`), the verification of access tokens with the
revocations in force (`token_checks`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from dependency_injector import providers
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from flowloom.servicekit.database.engine import create_engine, session_factory
from flowloom.servicekit.database.errors import database_unavailable
from flowloom.servicekit.database.outbox import OutboxRelay, OutboxSignal
from flowloom.servicekit.database.revocations import TokenRevocations
from flowloom.servicekit.messaging import MessageBus, create_bus
from flowloom.servicekit.outages import OutageRetry, SystemPauses
from flowloom.servicekit.revocations import DenyList
from flowloom.servicekit.tokens import JwksCache, TokenVerifier, http_jwks_fetcher

DatabaseAndBus = tuple[
    "providers.Singleton[AsyncEngine]",
    "providers.Singleton[async_sessionmaker[AsyncSession]]",
    "providers.Resource[MessageBus]",
    "providers.Singleton[OutboxSignal]",
    "providers.Resource[OutboxRelay]",
]


async def bus_resource(url: str) -> AsyncIterator[MessageBus]:
    """The bus, started in the lifespan and closed at shutdown."""
    bus = create_bus(url)
    await bus.start()
    try:
        yield bus
    finally:
        await bus.close()


async def relay_resource(
    sessions: async_sessionmaker[AsyncSession],
    outbox: Table,
    bus: MessageBus,
    signal: OutboxSignal,
    poll_interval: float,
) -> AsyncIterator[OutboxRelay]:
    """The outbox relay, running while the service runs."""
    relay = OutboxRelay(sessions, outbox, bus, poll_interval=poll_interval, signal=signal)
    await relay.start()
    try:
        yield relay
    finally:
        await relay.stop()


TokenChecks = tuple[
    "providers.Singleton[DenyList]",
    "providers.Singleton[TokenRevocations]",
    "providers.Singleton[JwksCache]",
    "providers.Singleton[TokenVerifier]",
]


def database_and_bus(
    settings: providers.Provider[Any], outbox: Table, **engine_options: Any
) -> DatabaseAndBus:
    """The providers of `engine, sessions, bus, outbox_signal, relay`, assigned in that order
    in a container whose `settings` (a ServiceSettings with `database_url` and
    `outbox_poll_seconds`) name them. The engine opens connections lazily: a plain singleton
    (disposed by the lifespan) keeps the unit-of-work factory synchronous; the bus and the
    relay are async resources. `engine_options` go to `create_engine` (pool sizes)."""
    engine = providers.Singleton(create_engine, settings.provided.database_url, **engine_options)
    sessions = providers.Singleton(session_factory, engine)
    bus = providers.Resource(bus_resource, url=settings.provided.bus_url)
    outbox_signal = providers.Singleton(OutboxSignal)
    relay = providers.Resource(
        relay_resource,
        sessions,
        outbox,
        bus,
        outbox_signal,
        poll_interval=settings.provided.outbox_poll_seconds,
    )
    return engine, sessions, bus, outbox_signal, relay


def outage_retry() -> providers.Singleton[OutageRetry]:
    """Consumed messages wait out a database outage instead of being dead-lettered."""
    return providers.Singleton(OutageRetry, database_unavailable, providers.Object(SystemPauses()))


def token_checks(
    settings: providers.Provider[Any],
    sessions: providers.Provider[async_sessionmaker[AsyncSession]],
    revocations: Table,
    inbox: Table,
) -> TokenChecks:
    """The providers of `deny_list, revocations, jwks, verifier` of a service that verifies
    the authorization's access tokens (its JWKS at the setting `jwks_url`) and keeps the
    revocations it consumes in its table `revocations`. Tests override `jwks` (fake keys),
    never `verifier`, so the service's deny-list stays in use."""
    deny_list = providers.Singleton(DenyList)
    kept = providers.Singleton(TokenRevocations, sessions, revocations, inbox, deny_list)
    jwks = providers.Singleton(
        JwksCache, providers.Singleton(http_jwks_fetcher, settings.provided.jwks_url)
    )
    verifier = providers.Singleton(TokenVerifier, jwks, deny_list)
    return deny_list, kept, jwks, verifier
