"""Refresh-token rotation and reuse detection, logout and switching project."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flowloom.authorization.application.views import TokenPair
from flowloom.authorization.domain.errors import InvalidToken, NotFound
from flowloom.authorization.domain.model import Role

from .world import PASSWORD, World, actor


async def login(world: World, username: str = "bob") -> tuple[TokenPair, str]:
    pair = await world.login(username, PASSWORD)
    assert pair.refresh_token is not None
    return pair, pair.refresh_token


async def test_rotates_token_in_same_family_and_project_when_refreshed(world: World) -> None:
    bob = world.user("bob")
    project = world.project("alpha", b=(bob, Role.DEVELOPER))
    first, secret = await login(world)
    world.clock.advance(minutes=20)
    second = await world.auth().refresh(secret)
    assert second.refresh_token not in (None, secret)
    assert (second.access.project_id, second.access.role) == (project.id, Role.DEVELOPER)
    assert second.access.issued_at == first.access.issued_at + timedelta(minutes=20)
    old, new = sorted(world.tables.refresh_tokens.values(), key=lambda t: t.issued_at)
    assert old.is_revoked
    assert old.replaced_by == new.id
    assert new.family_id == old.family_id


async def test_revokes_whole_family_when_rotated_token_is_reused(world: World) -> None:
    world.user("bob")
    _, stolen = await login(world)
    _, other_session = await login(world)
    legit = (await world.auth().refresh(stolen)).refresh_token
    assert legit is not None
    with pytest.raises(InvalidToken):
        await world.auth().refresh(stolen)
    with pytest.raises(InvalidToken):
        await world.auth().refresh(legit)
    # Another login is another family: reuse elsewhere does not end it.
    assert (await world.auth().refresh(other_session)).refresh_token is not None


async def test_raises_invalid_token_when_refresh_token_expired(world: World) -> None:
    world.user("bob")
    _, secret = await login(world)
    world.clock.advance(days=14)
    with pytest.raises(InvalidToken):
        await world.auth().refresh(secret)


async def test_raises_invalid_token_when_refresh_token_unknown(world: World) -> None:
    with pytest.raises(InvalidToken):
        await world.auth().refresh("never-issued")


async def test_raises_invalid_token_when_user_deactivated_after_login(world: World) -> None:
    bob = world.user("bob")
    _, secret = await login(world)
    world.tables.users[bob.id].active = False
    with pytest.raises(InvalidToken):
        await world.auth().refresh(secret)


async def test_falls_back_to_another_project_when_refreshing_after_removal(world: World) -> None:
    bob = world.user("bob")
    alpha = world.project("alpha", b=bob)
    beta = world.project("beta", b=(bob, Role.VIEWER))
    _, secret = await login(world)
    del world.tables.memberships[(alpha.id, bob.id)]
    pair = await world.auth().refresh(secret)
    assert (pair.access.project_id, pair.access.role) == (beta.id, Role.VIEWER)


async def test_revokes_token_when_logging_out_and_tolerates_repeats(world: World) -> None:
    world.user("bob")
    _, secret = await login(world)
    for _ in range(2):
        await world.auth().logout(secret)
    await world.auth().logout("unknown-token")
    assert all(t.is_revoked for t in world.tables.refresh_tokens.values())
    with pytest.raises(InvalidToken):
        await world.auth().refresh(secret)


async def test_scopes_new_pair_and_revokes_old_token_when_switching_project(
    world: World,
) -> None:
    bob = world.user("bob")
    alpha = world.project("alpha", b=bob)
    beta = world.project("beta", b=(bob, Role.OPERATOR))
    _, secret = await login(world)
    pair = await world.auth().switch_project(actor(bob, alpha, Role.OWNER), beta.id, secret)
    assert (pair.access.project_id, pair.access.role) == (beta.id, Role.OPERATOR)
    assert world.tables.users[bob.id].last_project_id == beta.id
    with pytest.raises(InvalidToken):
        await world.auth().refresh(secret)


async def test_raises_not_found_when_switching_to_a_project_of_others(world: World) -> None:
    bob = world.user("bob")
    others = world.project("others", o=world.user("olga"))
    for project_id in (others.id, "p-missing"):
        with pytest.raises(NotFound) as caught:
            await world.auth().switch_project(actor(bob), project_id)
        assert caught.value.message == "project not found"


async def test_switches_admin_without_role_when_not_a_member(world: World) -> None:
    root = world.user("root", is_admin=True)
    project = world.project("alpha")
    pair = await world.auth().switch_project(actor(root), project.id)
    assert (pair.access.project_id, pair.access.role) == (project.id, None)


async def test_refuses_admin_power_when_admin_flag_was_revoked_since_token(
    world: World,
) -> None:
    root = world.user("root", is_admin=True)
    project = world.project("alpha")
    stale = actor(root)
    world.tables.users[root.id].is_admin = False
    with pytest.raises(NotFound):
        await world.auth().switch_project(stale, project.id)
