"""Refresh tokens, API keys and signing keys stored in SQL (throttles: test_throttle_repository)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from flowloom.authorization.domain.signing import SigningKey

from .support import NOW, Database, api_key, member, project, refresh_token, user

pytestmark = pytest.mark.integration


async def test_round_trips_refresh_token_when_found_by_hash(database: Database):
    alice = user("alice")
    token = refresh_token("t-1", alice)
    token.project_id = "p-lab"
    await database.seed(alice, token)

    async with database.uow() as uow:
        found = await uow.refresh_tokens.get_by_hash(token.token_hash)
        missing = await uow.refresh_tokens.get_by_hash("0" * 64)

    assert found == token
    assert found is not None
    assert found.expires_at == NOW + timedelta(days=14)
    assert missing is None


async def test_saves_rotation_when_committed(database: Database):
    alice = user("alice")
    await database.seed(alice, refresh_token("t-1", alice))
    later = NOW + timedelta(minutes=5)

    async with database.uow() as uow:
        old = await uow.refresh_tokens.get_by_hash(refresh_token("t-1", alice).token_hash)
        assert old is not None
        new = old.rotate(
            id="t-2", secret="secret-t-2", project_id=None, now=later, ttl=timedelta(1)
        )
        await uow.refresh_tokens.add(new)
        await uow.commit()

    async with database.uow() as uow:
        old = await uow.refresh_tokens.get_by_hash(refresh_token("t-1", alice).token_hash)
        new = await uow.refresh_tokens.get_by_hash(refresh_token("t-2", alice).token_hash)
    assert old is not None
    assert (old.revoked_at, old.replaced_by) == (later, "t-2")
    assert new is not None
    assert new.family_id == "t-1"


async def test_revokes_only_live_tokens_of_the_family_when_family_is_revoked(database: Database):
    alice = user("alice")
    revoked_before = NOW - timedelta(hours=1)
    first, second = refresh_token("t-1", alice), refresh_token("t-2", alice, family_id="t-1")
    first.revoked_at = revoked_before
    stranger = refresh_token("t-3", alice)
    await database.seed(alice, first, second, stranger)

    async with database.uow() as uow:
        loaded = await uow.refresh_tokens.get_by_hash(second.token_hash)
        await uow.refresh_tokens.revoke_family("t-1", NOW)
        assert loaded is not None
        assert loaded.revoked_at == NOW
        await uow.commit()

    async with database.uow() as uow:
        tokens = [
            await uow.refresh_tokens.get_by_hash(t.token_hash) for t in (first, second, stranger)
        ]
    assert [t.revoked_at for t in tokens if t is not None] == [revoked_before, NOW, None]


async def test_deletes_users_refresh_tokens_when_asked(database: Database):
    alice, bob = user("alice"), user("bob")
    await database.seed(alice, bob, refresh_token("t-a", alice), refresh_token("t-b", bob))

    async with database.uow() as uow:
        await uow.refresh_tokens.delete_for_user(alice.id)
        await uow.commit()

    async with database.uow() as uow:
        assert await uow.refresh_tokens.get_by_hash(refresh_token("t-a", alice).token_hash) is None
        assert await uow.refresh_tokens.get_by_hash(refresh_token("t-b", bob).token_hash)


async def test_raises_conflict_when_refresh_token_hash_repeats(database: Database):
    alice = user("alice")
    await database.seed(alice, refresh_token("t-1", alice))
    copy = refresh_token("t-1", alice)
    copy.id = "t-copy"

    await database.assert_conflict(
        lambda uow: uow.refresh_tokens.add(copy), "refresh token already exists"
    )


async def test_round_trips_api_key_and_saves_its_use_when_committed(database: Database):
    alice, lab = user("alice"), project("lab")
    key = api_key("k-1", alice, lab, prefix="abcdefgh")
    key.expires_at = NOW + timedelta(days=30)
    await database.seed(alice, lab, key)

    async with database.uow() as uow:
        by_prefix = await uow.api_keys.get_by_prefix("abcdefgh")
        assert by_prefix == key
        assert by_prefix is not None
        by_prefix.mark_used(NOW + timedelta(hours=1))
        await uow.commit()

    async with database.uow() as uow:
        by_id = await uow.api_keys.get("k-1")
        assert await uow.api_keys.get_by_prefix("zzzzzzzz") is None
    assert by_id is not None
    assert by_id.last_used_at == NOW + timedelta(hours=1)
    assert by_id.expires_at == NOW + timedelta(days=30)


async def test_pages_api_keys_by_creation_then_id_after_cursor(database: Database):
    alice, bob, lab = user("alice"), user("bob"), project("lab")
    keys = [
        api_key("k-c", alice, lab, prefix="cccccccc", now=NOW),
        api_key("k-a", alice, lab, prefix="aaaaaaaa", now=NOW + timedelta(seconds=1)),
        api_key("k-b", alice, lab, prefix="bbbbbbbb", now=NOW),
        api_key("k-d", alice, lab, prefix="dddddddd", now=NOW - timedelta(seconds=1)),
        api_key("k-e", bob, lab, prefix="eeeeeeee", now=NOW),
    ]
    await database.seed(alice, bob, lab, *keys)

    async with database.uow() as uow:
        first = await uow.api_keys.list_for_user(alice.id, 2, None)
        rest = await uow.api_keys.list_for_user(alice.id, 5, first[-1].id)
        unknown_cursor = await uow.api_keys.list_for_user(alice.id, 1, "k-unknown")
        others_cursor = await uow.api_keys.list_for_user(alice.id, 1, "k-e")

    assert [k.id for k in first] == ["k-d", "k-b"]
    assert [k.id for k in rest] == ["k-c", "k-a"]
    assert [k.id for k in unknown_cursor] == [k.id for k in others_cursor] == ["k-d"]


async def test_raises_conflict_when_api_key_prefix_is_taken(database: Database):
    alice, lab = user("alice"), project("lab")
    await database.seed(alice, lab, api_key("k-1", alice, lab, prefix="abcdefgh"))

    await database.assert_conflict(
        lambda uow: uow.api_keys.add(api_key("k-2", alice, lab, prefix="abcdefgh")),
        "prefix already exists",
    )


async def test_deletes_api_keys_by_project_and_by_user_when_asked(database: Database):
    alice, bob, lab, other = user("alice"), user("bob"), project("lab"), project("other")
    await database.seed(
        alice,
        bob,
        lab,
        other,
        member(lab, alice),
        api_key("k-1", alice, lab, prefix="11111111"),
        api_key("k-2", alice, other, prefix="22222222"),
        api_key("k-3", bob, other, prefix="33333333"),
    )

    async with database.uow() as uow:
        loaded = await uow.api_keys.get("k-1")
        await uow.api_keys.delete_for_project(lab.id)
        assert loaded is not None
        assert await uow.api_keys.get("k-1") is None
        await uow.api_keys.delete_for_user(bob.id)
        await uow.commit()

    async with database.uow() as uow:
        remaining = await uow.api_keys.list_for_user(alice.id, 10, None)
        assert await uow.api_keys.list_for_user(bob.id, 10, None) == []
    assert [k.id for k in remaining] == ["k-2"]


def signing_key(kid: str, created_at: datetime, retires_at: datetime | None = None) -> SigningKey:
    jwk = {"kid": kid, "x": kid.upper()}
    return SigningKey(kid, "EdDSA", f"sealed-{kid}", jwk, created_at, created_at, retires_at)


async def test_lists_signing_keys_newest_first_with_their_dates_and_jwk(database: Database):
    keys = [
        signing_key("kid-old", NOW, NOW + timedelta(2)),
        signing_key("kid-new", NOW + timedelta(1)),
    ]
    await database.seed(*keys)

    async with database.uow() as uow:
        found = await uow.signing_keys.list_all()
    assert [key.kid for key in found] == ["kid-new", "kid-old"]
    assert found[1].retires_at == NOW + timedelta(2)
    assert found[1].signs_from == NOW
    assert found[0].public_jwk == {"kid": "kid-new", "x": "KID-NEW"}
    assert found[0].sealed_private_key == "sealed-kid-new"


async def test_keeps_retirement_and_deletes_key_when_committed(database: Database):
    await database.seed(signing_key("kid-a", NOW), signing_key("kid-b", NOW + timedelta(1)))

    async with database.uow() as uow:
        older = (await uow.signing_keys.list_all())[-1]
        older.retire_at(NOW + timedelta(3))
        await uow.signing_keys.delete("kid-b")
        await uow.commit()

    async with database.uow() as uow:
        remaining = await uow.signing_keys.list_all()
    assert [(key.kid, key.retires_at) for key in remaining] == [("kid-a", NOW + timedelta(3))]


async def test_raises_conflict_when_signing_key_id_repeats(database: Database):
    await database.seed(signing_key("kid", NOW))

    await database.assert_conflict(
        lambda uow: uow.signing_keys.add(signing_key("kid", NOW + timedelta(1))),
        "signing key with this id",
    )
