"""API keys: creation, listing, revocation and exchange for access tokens."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from flowloom.authorization.domain.credentials import hash_secret, parse_api_key
from flowloom.authorization.domain.errors import InvalidToken, NotFound, ValidationFailed
from flowloom.authorization.domain.events import RevocationReason
from flowloom.authorization.domain.model import Role, User

from .world import World, actor, without_id


async def new_key(
    world: World, user: User, project_id: str, expires_at: datetime | None = None
) -> str:
    created = await world.api_keys().create(actor(user), project_id, "ci", expires_at)
    return created.api_key


async def test_shows_secret_once_and_stores_only_its_hash_when_created(world: World) -> None:
    bob = world.user("bob")
    project = world.project("alpha", b=bob)
    created = await world.api_keys().create(actor(bob), project.id, " deploy bot ")
    prefix, secret = parse_api_key(created.api_key)
    assert created.api_key.startswith(f"flk_{prefix}_")
    assert len(prefix) == 8
    assert len(secret) >= 32
    [stored] = world.tables.api_keys.values()
    assert (stored.prefix, stored.secret_hash) == (prefix, hash_secret(secret))
    assert (created.key.name, created.key.project_id) == ("deploy bot", project.id)
    assert secret not in repr(created.key)


async def test_raises_not_found_when_creating_key_for_someone_elses_project(world: World) -> None:
    bob = world.user("bob")
    project = world.project("alpha", o=world.user("olga"))
    with pytest.raises(NotFound):
        await new_key(world, bob, project.id)


async def test_raises_validation_failed_when_expiry_is_in_the_past(world: World) -> None:
    bob = world.user("bob")
    project = world.project("alpha", b=bob)
    with pytest.raises(ValidationFailed):
        await new_key(world, bob, project.id, expires_at=world.clock.now() - timedelta(days=1))


async def test_lists_only_own_keys_in_creation_order_when_listing(world: World) -> None:
    bob = world.user("bob")
    olga = world.user("olga")
    project = world.project("alpha", b=bob, o=olga)
    for _ in range(3):
        await new_key(world, bob, project.id)
        world.clock.advance(seconds=1)
    await new_key(world, olga, project.id)
    first = await world.api_keys().list_keys(actor(bob), limit=2)
    rest = await world.api_keys().list_keys(actor(bob), limit=2, after=first.next_cursor)
    keys = first.items + rest.items
    assert len(keys) == 3
    assert rest.next_cursor is None
    assert [k.created_at for k in keys] == sorted(k.created_at for k in keys)
    assert {world.tables.api_keys[k.id].user_id for k in keys} == {bob.id}


async def test_revokes_own_key_and_tolerates_repeats_when_revoking(world: World) -> None:
    bob = world.user("bob")
    project = world.project("alpha", b=bob)
    raw = await new_key(world, bob, project.id)
    [key_id] = world.tables.api_keys
    for _ in range(2):
        await world.api_keys().revoke(actor(bob), key_id)
    assert world.tables.api_keys[key_id].revoked_at == world.clock.now()
    with pytest.raises(InvalidToken):
        await world.auth().exchange_api_key(raw)
    # Once: the tokens the key gave are revoked everywhere by the first revocation.
    assert without_id(world.revocations()) == [
        world.revocation(RevocationReason.API_KEY_REVOKED, user_id=bob.id, api_key_id=key_id)
    ]


async def test_hides_key_when_another_non_admin_revokes_it(world: World) -> None:
    bob = world.user("bob")
    root = world.user("root", is_admin=True)
    project = world.project("alpha", b=bob, c=(world.user("carol"), Role.OWNER))
    await new_key(world, bob, project.id)
    [key_id] = world.tables.api_keys
    with pytest.raises(NotFound):
        await world.api_keys().revoke(actor(world.tables.users["u-carol"]), key_id)
    await world.api_keys().revoke(actor(root), key_id)
    assert world.tables.api_keys[key_id].revoked_at is not None


async def test_exchanges_key_for_access_token_with_current_role_when_valid(world: World) -> None:
    bob = world.user("bob")
    project = world.project("alpha", o=world.user("olga"), b=(bob, Role.OWNER))
    raw = await new_key(world, bob, project.id)
    world.tables.memberships[(project.id, bob.id)].role = Role.VIEWER
    world.clock.advance(hours=1)
    pair = await world.auth().exchange_api_key(raw)
    assert (pair.access.sub, pair.access.project_id, pair.access.role) == (
        bob.id,
        project.id,
        Role.VIEWER,
    )
    assert (pair.refresh_token, pair.refresh_expires_at) == (None, None)
    assert pair.access_token == f"jwt.{pair.access.jti}"
    [stored] = world.tables.api_keys.values()
    assert pair.access.api_key_id == stored.id  # its revocation can find the token
    assert stored.last_used_at == world.clock.now()


async def test_caps_token_lifetime_at_key_expiry_when_key_expires_soon(world: World) -> None:
    bob = world.user("bob")
    project = world.project("alpha", b=bob)
    expires_at = world.clock.now() + timedelta(minutes=5)
    pair = await world.auth().exchange_api_key(
        await new_key(world, bob, project.id, expires_at=expires_at)
    )
    assert pair.access.expires_at == expires_at


@pytest.mark.parametrize("breakage", ["membership", "inactive", "expired", "secret", "format"])
async def test_raises_invalid_token_when_key_no_longer_grants_access(
    world: World, breakage: str
) -> None:
    bob = world.user("bob")
    project = world.project("alpha", o=world.user("olga"), b=(bob, Role.DEVELOPER))
    raw = await new_key(world, bob, project.id, expires_at=world.clock.now() + timedelta(days=1))
    if breakage == "membership":
        del world.tables.memberships[(project.id, bob.id)]
    elif breakage == "inactive":
        world.tables.users[bob.id].active = False
    elif breakage == "expired":
        world.clock.advance(days=1)
    elif breakage == "secret":
        raw = raw[:-4] + "nope"
    else:
        raw = raw.replace("flk_", "key_")
    with pytest.raises(InvalidToken):
        await world.auth().exchange_api_key(raw)
