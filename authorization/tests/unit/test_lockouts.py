"""Login lockouts as platform admins see and clear them."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from flowloom.authorization.domain.errors import Forbidden, NotFound, ValidationFailed

from .test_login_throttling import ELSEWHERE, STRANGER, fail_logins
from .world import PASSWORD, World, actor


async def test_lists_ongoing_lockouts_by_username_then_address(world: World) -> None:
    root = world.user("root", is_admin=True)
    await fail_logins(world, "zoe", 5, STRANGER)
    await fail_logins(world, "admin", 5, ELSEWHERE)
    await fail_logins(world, "admin", 5, STRANGER)
    await fail_logins(world, "carl", 4, STRANGER)  # below the threshold: no lockout
    page = await world.lockouts().list_lockouts(actor(root), 10, None)
    listed = [(v.username, v.address, v.failures, v.retry_after_seconds) for v in page.items]
    assert listed == [
        ("admin", ELSEWHERE, 5, 1),
        ("admin", STRANGER, 5, 1),
        ("zoe", STRANGER, 5, 1),
    ]
    assert page.items[0].locked_until == world.clock.now() + timedelta(seconds=1)
    assert page.next_cursor is None


async def test_lists_an_address_lockout_without_username(world: World) -> None:
    world.policy = replace(world.policy, address_lockout=replace(world.policy.user_lockout))
    root = world.user("root", is_admin=True)
    for number in range(5):
        await fail_logins(world, f"user-{number}", 1, STRANGER)
    [lockout] = (await world.lockouts().list_lockouts(actor(root), 10, None)).items
    assert (lockout.username, lockout.address, lockout.failures) == (None, STRANGER, 5)


async def test_pages_through_lockouts_when_a_cursor_is_given(world: World) -> None:
    root = world.user("root", is_admin=True)
    for name in ("amy", "ben", "cid"):
        await fail_logins(world, name, 5, STRANGER)
    first = await world.lockouts().list_lockouts(actor(root), 2, None)
    second = await world.lockouts().list_lockouts(actor(root), 2, first.next_cursor)
    assert [v.username for v in first.items] == ["amy", "ben"]
    assert [v.username for v in second.items] == ["cid"]
    assert second.next_cursor is None


async def test_keeps_listing_a_lockout_whose_lock_ran_out_until_it_is_forgotten(
    world: World,
) -> None:
    root = world.user("root", is_admin=True)
    await fail_logins(world, "amy", 5, STRANGER)
    world.clock.advance(seconds=60)
    [lockout] = (await world.lockouts().list_lockouts(actor(root), 10, None)).items
    assert lockout.retry_after_seconds == 0
    world.clock.advance(seconds=3600)
    assert (await world.lockouts().list_lockouts(actor(root), 10, None)).items == []


async def test_lets_the_address_in_again_when_an_admin_clears_its_lockout(world: World) -> None:
    root = world.user("root", is_admin=True)
    world.user("bob")
    await fail_logins(world, "bob", 5, STRANGER)
    [lockout] = (await world.lockouts().list_lockouts(actor(root), 10, None)).items
    await world.lockouts().clear(actor(root), lockout.id)
    assert (await world.login("bob", PASSWORD, address=STRANGER)).access.username == "bob"
    with pytest.raises(NotFound):
        await world.lockouts().clear(actor(root), lockout.id)


async def test_finds_no_lockout_to_clear_when_failures_are_below_the_threshold(
    world: World,
) -> None:
    root = world.user("root", is_admin=True)
    await fail_logins(world, "bob", 4, STRANGER)
    [counter] = [t for t in world.tables.throttles.values() if t.username == "bob"]
    with pytest.raises(NotFound):
        await world.lockouts().clear(actor(root), counter.id)


async def test_forbids_lockouts_when_actor_is_not_admin(world: World) -> None:
    bob = world.user("bob")
    await fail_logins(world, "amy", 5, STRANGER)
    [counter] = [t for t in world.tables.throttles.values() if t.username == "amy"]
    with pytest.raises(Forbidden):
        await world.lockouts().list_lockouts(actor(bob), 10, None)
    with pytest.raises(Forbidden):
        await world.lockouts().clear(actor(bob), counter.id)
    assert counter.id in world.tables.throttles


@pytest.mark.parametrize("cursor", ["!!", "bm90IGpzb24", "WzEsIDJd", "WyJhIl0"])
async def test_rejects_cursor_naming_the_field_when_it_is_not_one_of_this_list(
    world: World, cursor: str
) -> None:
    root = world.user("root", is_admin=True)
    with pytest.raises(ValidationFailed) as caught:
        await world.lockouts().list_lockouts(actor(root), 10, cursor)
    assert caught.value.field == "cursor"
