"""Users stored in SQL behave like the in-memory fakes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from .support import Database, api_key, member, project, refresh_token, user

pytestmark = pytest.mark.integration


async def test_round_trips_user_with_aware_utc_datetimes_when_reloaded(database: Database):
    alice = user("alice", is_admin=True)
    alice.created_at = datetime(2025, 1, 1, 14, 30, 5, 123456, tzinfo=timezone(timedelta(hours=2)))
    alice.email = "alice@example.com"
    alice.last_project_id = "p-somewhere"
    await database.seed(alice)

    async with database.uow() as uow:
        loaded = await uow.users.get(alice.id)

    assert loaded == alice
    assert loaded is not None
    assert loaded.created_at.tzinfo == UTC
    assert loaded.created_at == datetime(2025, 1, 1, 12, 30, 5, 123456, tzinfo=UTC)


async def test_finds_user_by_username_when_present(database: Database):
    await database.seed(user("alice"), user("bob"))

    async with database.uow() as uow:
        found = await uow.users.get_by_username("bob")
        missing = await uow.users.get_by_username("carol")

    assert found is not None
    assert found.id == "u-bob"
    assert missing is None


async def test_returns_only_existing_users_when_some_ids_are_unknown(database: Database):
    await database.seed(user("alice"), user("bob"), user("carol"))

    async with database.uow() as uow:
        many = await uow.users.get_many(["u-carol", "u-nobody", "u-alice"])
        none = await uow.users.get_many([])

    assert sorted(u.id for u in many) == ["u-alice", "u-carol"]
    assert none == []


async def test_pages_users_by_username_strictly_after_cursor(database: Database):
    await database.seed(*(user(name) for name in ["dave", "bob", "erin", "alice", "carol"]))

    async with database.uow() as uow:
        first = await uow.users.list_page(2, None)
        second = await uow.users.list_page(2, first[-1].username)
        last = await uow.users.list_page(2, "dave")
        beyond = await uow.users.list_page(2, "zed")

    assert [u.username for u in first] == ["alice", "bob"]
    assert [u.username for u in second] == ["carol", "dave"]
    assert [u.username for u in last] == ["erin"]
    assert beyond == []


async def test_has_any_is_false_when_no_user_exists(database: Database):
    async with database.uow() as uow:
        before = await uow.users.has_any()
        await uow.users.add(user("alice"))
        after = await uow.users.has_any()

    assert (before, after) == (False, True)


async def test_counts_only_active_admins(database: Database):
    await database.seed(
        user("root", is_admin=True),
        user("boss", is_admin=True),
        user("gone", is_admin=True, active=False),
        user("pleb"),
    )

    async with database.uow() as uow:
        counted = await uow.users.count_active_admins()
        boss = await uow.users.get("u-boss")
        assert boss is not None
        boss.change_access(is_admin=False, active=True, active_admins=counted)
        recounted = await uow.users.count_active_admins()

    assert (counted, recounted) == (2, 1)


async def test_raises_conflict_when_username_is_taken(database: Database):
    await database.seed(user("alice"))
    twin = user("alice")
    twin.id = "u-other"

    await database.assert_conflict(lambda uow: uow.users.add(twin), "username is already taken")


async def test_saves_changes_of_loaded_user_when_committed(database: Database):
    await database.seed(user("alice"))

    async with database.uow() as uow:
        alice = await uow.users.get("u-alice")
        assert alice is not None
        alice.change_full_name("Alice Liddell")
        alice.change_email(None)
        alice.last_project_id = "p-wonderland"
        await uow.commit()

    async with database.uow() as uow:
        reloaded = await uow.users.get("u-alice")

    assert reloaded is not None
    assert (reloaded.full_name, reloaded.last_project_id) == ("Alice Liddell", "p-wonderland")


async def test_removes_memberships_tokens_and_keys_when_user_is_deleted(database: Database):
    alice, bob, lab = user("alice"), user("bob"), project("lab")
    await database.seed(
        alice,
        bob,
        lab,
        member(lab, alice),
        member(lab, bob),
        refresh_token("t-1", alice),
        api_key("k-1", alice, lab, prefix="aaaaaaaa"),
    )

    async with database.uow() as uow:
        loaded = await uow.users.get(alice.id)
        assert loaded is not None
        await uow.users.delete(loaded)
        gone = await uow.users.get(alice.id)
        await uow.commit()

    async with database.uow() as uow:
        assert await uow.memberships.list_for_user(alice.id) == []
        assert await uow.api_keys.get("k-1") is None
        assert await uow.refresh_tokens.get_by_hash(refresh_token("t-1", alice).token_hash) is None
        assert await uow.memberships.get(lab.id, bob.id) is not None
    assert gone is None
