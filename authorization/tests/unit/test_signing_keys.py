"""The shared signing key set, its JWKS and its rotation."""

from __future__ import annotations

from datetime import timedelta

from .world import World


def kids(jwks: dict[str, list[dict[str, str]]]) -> list[str]:
    return [key["kid"] for key in jwks["keys"]]


async def test_creates_and_stores_key_when_none_exists(world: World) -> None:
    key = await world.signing_keys().ensure_active_key()
    assert world.tables.signing_keys == {key.kid: key}
    assert key.can_sign(world.clock.now())
    assert key.created_at == key.signs_from == world.clock.now()


async def test_reuses_signing_key_when_one_exists(world: World) -> None:
    first = await world.signing_keys().ensure_active_key()
    world.clock.advance(days=1)
    again = await world.signing_keys().ensure_active_key()
    assert again.kid == first.kid
    assert len(world.tables.signing_keys) == 1


async def test_creates_new_key_when_every_key_is_retired(world: World) -> None:
    old = await world.signing_keys().ensure_active_key()
    world.tables.signing_keys[old.kid].retire_at(world.clock.now())
    new = await world.signing_keys().ensure_active_key()
    assert new.kid != old.kid


async def test_publishes_new_key_before_it_signs_when_rotated(world: World) -> None:
    old = await world.signing_keys().ensure_active_key()
    rotation = await world.signing_keys().rotate()
    new = rotation.new
    assert new.signs_from == world.clock.now() + world.policy.signing_key_publish_delay
    assert kids(await world.signing_keys().jwks()) == [new.kid, old.kid]
    assert (await world.signing_keys().refresh()).kid == old.kid
    world.clock.advance(seconds=world.policy.signing_key_publish_delay.total_seconds())
    assert (await world.signing_keys().refresh()).kid == new.kid


async def test_keeps_old_key_published_until_its_tokens_expired_when_rotated(
    world: World,
) -> None:
    old = await world.signing_keys().ensure_active_key()
    rotation = await world.signing_keys().rotate()
    policy = world.policy
    last_signed = rotation.new.signs_from  # the old key signs until the new one starts
    expected = last_signed + policy.access_token_ttl + policy.signing_key_grace
    assert [key.kid for key in rotation.replaced] == [old.kid]
    assert world.tables.signing_keys[old.kid].retires_at == expected

    world.clock.current = expected - timedelta(seconds=1)
    assert old.kid in kids(await world.signing_keys().jwks())
    world.clock.current = expected
    assert kids(await world.signing_keys().jwks()) == [rotation.new.kid]


async def test_deletes_retired_keys_when_refreshed(world: World) -> None:
    old = await world.signing_keys().ensure_active_key()
    rotation = await world.signing_keys().rotate()
    assert await world.signing_keys().drop_retired() == []
    assert rotation.replaced[0].retires_at is not None
    world.clock.current = rotation.replaced[0].retires_at
    key = await world.signing_keys().refresh()
    assert key.kid == rotation.new.kid
    assert set(world.tables.signing_keys) == {rotation.new.kid}
    assert old.kid not in world.tables.signing_keys


async def test_retires_every_older_key_when_rotated_twice(world: World) -> None:
    first = await world.signing_keys().ensure_active_key()
    one = await world.signing_keys().rotate()
    world.clock.advance(minutes=1)
    two = await world.signing_keys().rotate()
    assert {key.kid for key in two.replaced} == {first.kid, one.new.kid}
    # The first key keeps its earlier retirement: it stopped signing at the first rotation.
    assert world.tables.signing_keys[first.kid].retires_at == one.replaced[0].retires_at
    assert (await world.signing_keys().refresh()).kid == one.new.kid


async def test_publishes_only_public_halves_when_serving_jwks(world: World) -> None:
    await world.signing_keys().ensure_active_key()
    await world.signing_keys().rotate()
    jwks = await world.signing_keys().jwks()
    assert len(jwks["keys"]) == 2
    assert all("sealed" not in str(value) for key in jwks["keys"] for value in key.values())
