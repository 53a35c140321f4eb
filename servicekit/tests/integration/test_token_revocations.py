"""A service's revocations in its own database: consumed once, back after a restart, pruned."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import MetaData, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from flowloom.servicekit.database.engine import session_factory
from flowloom.servicekit.database.inbox import idempotent
from flowloom.servicekit.database.revocations import TokenRevocations
from flowloom.servicekit.database.tables import message_tables, revocation_table
from flowloom.servicekit.messaging import Envelope
from flowloom.servicekit.revocations import DenyList, Revocation
from flowloom.servicekit.tokens import TokenClaims
from flowloom.testkit.database import with_tables

pytestmark = pytest.mark.integration

metadata = MetaData()
tables = message_tables(metadata)
revocations_table = revocation_table(metadata)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    async with with_tables(database_url, metadata) as engine:
        yield engine


def service(engine: AsyncEngine) -> tuple[TokenRevocations, DenyList]:
    """What a service builds at start: an empty deny-list and its store."""
    deny = DenyList()
    store = TokenRevocations(session_factory(engine), revocations_table, tables.inbox, deny)
    return store, deny


def revoked(id: str, user: str, at: datetime, ttl: timedelta = timedelta(minutes=15)) -> Revocation:
    return Revocation(id=id, issued_before=at, expires_at=at + ttl, user_id=user)


def token_of(user: str, issued: datetime) -> TokenClaims:
    return TokenClaims(
        user_id=user, username=user, is_admin=False, project_id="p1", role="owner",
        expires_at=int(issued.timestamp()) + 900, issued_at=issued.timestamp(),
    )  # fmt: skip


async def count(engine: AsyncEngine, table: object) -> int:
    async with engine.connect() as connection:
        query = select(func.count()).select_from(table)  # type: ignore[arg-type]
        return int(await connection.scalar(query) or 0)


async def test_denies_token_after_restart_when_revocation_was_consumed_before(engine) -> None:
    now = datetime.now(UTC)
    store, deny = service(engine)
    await store.revoke(revoked("r1", "u1", now))
    assert deny.denies(token_of("u1", now - timedelta(seconds=1)))

    restarted, fresh = service(engine)
    assert not fresh.denies(token_of("u1", now - timedelta(seconds=1)))
    assert await restarted.load() == 1
    assert fresh.denies(token_of("u1", now - timedelta(seconds=1)))
    assert not fresh.denies(token_of("u2", now - timedelta(seconds=1)))


async def test_records_message_once_when_revocation_is_delivered_twice(engine) -> None:
    store, _ = service(engine)
    revocation = revoked("r1", "u1", datetime.now(UTC))
    calls = 0

    async def handle(envelope: Envelope) -> None:
        nonlocal calls
        calls += 1
        await store.revoke(revocation)

    handler = idempotent("svc.authorization.tokens.revoked", session_factory(engine),
                         tables.inbox, handle)  # fmt: skip
    envelope = Envelope("authorization.events", "tokens.revoked", "t", b"", message_id="m1")
    await handler(envelope)
    await handler(envelope)
    assert calls == 1
    assert await count(engine, tables.inbox) == 1
    assert await count(engine, revocations_table) == 1


async def test_forgets_stored_revocations_when_every_token_they_match_has_expired(
    engine,
) -> None:
    long_ago = datetime.now(UTC) - timedelta(hours=2)
    store, deny = service(engine)
    await store.revoke(revoked("old", "u1", long_ago))
    await store.revoke(revoked("new", "u2", datetime.now(UTC)))
    assert await count(engine, revocations_table) == 1
    assert len(deny) == 1

    restarted, fresh = service(engine)
    assert await restarted.load() == 1
    assert len(fresh) == 1
