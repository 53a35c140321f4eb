"""Login throttles stored in SQL: counted without loss when raced, listed, forgotten, capped."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from flowloom.authorization.domain.throttle import LockoutRule, LoginThrottle
from flowloom.authorization.infrastructure.database.tables import login_throttles
from flowloom.authorization.infrastructure.database.unit_of_work import (
    SqlAlchemyAuthorizationUnitOfWork,
)

from .support import NOW, Database

pytestmark = pytest.mark.integration

RULE = LockoutRule(
    threshold=2,
    base_delay=timedelta(seconds=10),
    max_delay=timedelta(hours=1),
    forget_after=timedelta(hours=1),
)
HOME = "192.0.2.1"


async def count_failure(
    database: Database, username: str, address: str = HOME, now: datetime = NOW
) -> None:
    """What a failed login does: load or create the throttle, count, commit."""
    async with database.uow() as uow:
        start = LoginThrottle.start(username, address, now)
        throttle = await uow.login_throttles.get(start.id)
        if throttle is None:
            throttle = start
            await uow.login_throttles.add(throttle)
        throttle.register_failure(now, RULE)
        await uow.commit()


async def stored_throttle(
    database: Database, username: str, address: str = HOME
) -> LoginThrottle | None:
    async with database.uow() as uow:
        return await uow.login_throttles.get(LoginThrottle.start(username, address, NOW).id)


def counted(username: str, failures: int, address: str = HOME) -> LoginThrottle:
    """The throttle after ``failures`` failures at NOW."""
    throttle = LoginThrottle.start(username, address, NOW)
    for _ in range(failures):
        throttle.register_failure(NOW, RULE)
    return throttle


async def test_tracks_added_throttle_when_changed_after_add(database: Database):
    await count_failure(database, "alice")
    await count_failure(database, "alice")

    stored = await stored_throttle(database, "alice")
    assert stored == counted("alice", 2)
    assert stored is not None
    assert (stored.locked_until, stored.last_failure_at) == (NOW + timedelta(seconds=10), NOW)
    assert stored.forget_at == NOW + timedelta(seconds=10) + timedelta(hours=1)


async def test_counts_a_username_apart_from_each_address(database: Database):
    await count_failure(database, "alice", "198.51.100.1")
    await count_failure(database, "alice", "198.51.100.1")
    await count_failure(database, "alice", "198.51.100.2")

    assert await stored_throttle(database, "alice", "198.51.100.1") == counted(
        "alice", 2, "198.51.100.1"
    )
    assert await stored_throttle(database, "alice", "198.51.100.2") == counted(
        "alice", 1, "198.51.100.2"
    )


async def test_does_not_raise_when_two_first_failures_add_the_same_throttle(database: Database):
    async with database.uow() as first, database.uow() as second:
        mine = LoginThrottle.start("bob", HOME, NOW)
        assert await first.login_throttles.get(mine.id) is None
        assert await second.login_throttles.get(mine.id) is None
        await first.login_throttles.add(mine)
        mine.register_failure(NOW, RULE)
        await first.commit()
        theirs = LoginThrottle.start("bob", HOME, NOW)
        await second.login_throttles.add(theirs)
        theirs.register_failure(NOW, RULE)
        await second.commit()

    assert await database.count(login_throttles) == 1
    assert await stored_throttle(database, "bob") == counted("bob", 2)


async def test_counts_both_when_first_failures_insert_at_the_same_time(database: Database):
    async def first_failure(uow: SqlAlchemyAuthorizationUnitOfWork) -> None:
        throttle = LoginThrottle.start("carol", HOME, NOW)
        await uow.login_throttles.add(throttle)
        throttle.register_failure(NOW, RULE)
        await uow.commit()

    async with database.uow() as first, database.uow() as second:
        carol = LoginThrottle.start("carol", HOME, NOW).id
        assert await first.login_throttles.get(carol) is None
        assert await second.login_throttles.get(carol) is None
        await asyncio.gather(first_failure(first), first_failure(second))

    stored = await stored_throttle(database, "carol")
    assert stored is not None
    assert stored.failures == 2


async def test_deletes_a_throttle_when_asked(database: Database):
    await count_failure(database, "dave")
    async with database.uow() as uow:
        throttle = await uow.login_throttles.get(LoginThrottle.start("dave", HOME, NOW).id)
        assert throttle is not None
        await uow.login_throttles.delete(throttle)
        await uow.commit()

    assert await database.count(login_throttles) == 0


async def test_lists_lockouts_by_username_then_address_from_the_cursor(database: Database):
    await database.seed(
        counted("bob", 2, "198.51.100.9"),
        counted("", 2, "198.51.100.9"),
        counted("amy", 2, "198.51.100.1"),
        counted("bob", 2, "198.51.100.1"),
        counted("cid", 1, "198.51.100.1"),  # below the threshold
    )

    async with database.uow() as uow:
        first = await uow.login_throttles.list_locked_out(NOW, 3, None)
        rest = await uow.login_throttles.list_locked_out(NOW, 3, ("amy", "198.51.100.1"))
        later = await uow.login_throttles.list_locked_out(NOW + timedelta(hours=2), 3, None)

    keys = [(t.username, t.address) for t in first]
    assert keys == [("", "198.51.100.9"), ("amy", "198.51.100.1"), ("bob", "198.51.100.1")]
    assert [(t.username, t.address) for t in rest] == [
        ("bob", "198.51.100.1"),
        ("bob", "198.51.100.9"),
    ]
    assert later == [], "forgotten an hour after the lock"


async def test_forgets_stale_throttles_then_the_oldest_beyond_the_cap(database: Database):
    stale = counted("old", 1)
    stale.forget_at = NOW - timedelta(seconds=1)
    oldest, older, newer = (counted(name, 1) for name in ("a", "b", "c"))
    oldest.forget_at, older.forget_at = NOW + timedelta(minutes=1), NOW + timedelta(minutes=2)
    await database.seed(stale, oldest, older, newer)

    async with database.uow() as uow:
        gone = await uow.login_throttles.forget(NOW, keep=2)
        await uow.commit()

    assert gone == 2
    async with database.uow() as uow:
        remaining = await uow.login_throttles.list_locked_out(NOW, 10, None)
    assert await database.count(login_throttles) == 2
    assert remaining == []  # one failure each: none is a lockout, but both rows stay
    assert await stored_throttle(database, "b") is not None
    assert await stored_throttle(database, "c") is not None


async def test_skips_a_throttle_another_transaction_holds_when_forgetting(database: Database):
    if database.engine.dialect.name != "postgresql":
        pytest.skip("SQLite locks the whole database, not rows: writers take turns")
    held = counted("held", 1)
    held.forget_at = NOW - timedelta(seconds=1)
    await database.seed(held)

    async with database.uow() as login:
        assert await login.login_throttles.get(held.id) is not None
        async with database.uow() as purge:
            gone = await asyncio.wait_for(purge.login_throttles.forget(NOW, keep=10), 10)
            await purge.commit()

    assert gone == 0
    assert await database.count(login_throttles) == 1
