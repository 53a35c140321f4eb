"""The shared signing key set and its JWKS."""

from __future__ import annotations

from .world import World


async def test_creates_and_stores_key_when_none_is_active(world: World) -> None:
    key = await world.signing_keys().ensure_active_key()
    assert world.tables.signing_keys == {key.kid: key}
    assert key.is_active
    assert key.created_at == world.clock.now()


async def test_reuses_newest_active_key_when_one_exists(world: World) -> None:
    first = await world.signing_keys().ensure_active_key()
    world.clock.advance(days=1)
    again = await world.signing_keys().ensure_active_key()
    assert again.kid == first.kid
    assert len(world.tables.signing_keys) == 1


async def test_creates_new_key_when_all_keys_are_retired(world: World) -> None:
    old = await world.signing_keys().ensure_active_key()
    world.tables.signing_keys[old.kid].retire(world.clock.now())
    new = await world.signing_keys().ensure_active_key()
    assert new.kid != old.kid


async def test_publishes_only_unretired_public_keys_when_serving_jwks(world: World) -> None:
    retired = await world.signing_keys().ensure_active_key()
    world.tables.signing_keys[retired.kid].retire(world.clock.now())
    world.clock.advance(seconds=1)
    current = await world.signing_keys().ensure_active_key()
    jwks = await world.signing_keys().jwks()
    assert [k["kid"] for k in jwks["keys"]] == [current.kid]
    assert all("private" not in value for k in jwks["keys"] for value in k.values())
