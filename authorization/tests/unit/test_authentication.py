"""Login, refresh rotation and logout (the lockout: test_login_throttling.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flowloom.authorization.domain.credentials import hash_secret
from flowloom.authorization.domain.errors import InvalidCredentials
from flowloom.authorization.domain.model import Role

from .world import PASSWORD, World


async def test_returns_signed_pair_when_password_is_right(world: World) -> None:
    bob = world.user("bob")
    pair = await world.login("bob", PASSWORD)
    claims = pair.access
    assert (claims.sub, claims.username, claims.is_admin) == (bob.id, "bob", False)
    assert claims.expires_at - claims.issued_at == timedelta(minutes=15)
    assert pair.access_token == f"jwt.{claims.jti}"
    assert pair.refresh_expires_at == world.clock.now() + timedelta(days=14)
    [stored] = world.tables.refresh_tokens.values()
    assert pair.refresh_token is not None
    assert stored.token_hash == hash_secret(pair.refresh_token) != pair.refresh_token


async def test_accepts_username_when_typed_in_another_case(world: World) -> None:
    world.user("bob")
    assert (await world.login("  Bob ", PASSWORD)).access.username == "bob"


async def test_raises_the_same_error_when_user_unknown_password_wrong_or_user_inactive(
    world: World,
) -> None:
    world.user("bob")
    world.user("gone", active=False)
    errors = []
    for username, password in [("nobody", PASSWORD), ("bob", "wrong pw!"), ("gone", PASSWORD)]:
        with pytest.raises(InvalidCredentials) as caught:
            await world.login(username, password)
        errors.append((type(caught.value), caught.value.message))
    assert len(set(errors)) == 1
    assert world.tables.refresh_tokens == {}


async def test_verifies_a_dummy_hash_when_user_is_unknown(world: World) -> None:
    with pytest.raises(InvalidCredentials):
        await world.login("nobody", PASSWORD)
    assert world.hasher.verifications == 1


async def test_rehashes_password_when_stored_hash_is_outdated(world: World) -> None:
    bob = world.user("bob", password_hash=f"old${PASSWORD}")
    await world.login("bob", PASSWORD)
    assert world.tables.users[bob.id].password_hash == f"hashed${PASSWORD}"


async def test_scopes_to_requested_project_when_member(world: World) -> None:
    bob = world.user("bob")
    world.project("alpha", b=bob)
    beta = world.project("beta", b=(bob, Role.VIEWER))
    pair = await world.login("bob", PASSWORD, project_id=beta.id)
    assert (pair.access.project_id, pair.access.role) == (beta.id, Role.VIEWER)
    assert world.tables.users[bob.id].last_project_id == beta.id


async def test_uses_last_project_when_requested_one_is_not_the_users(world: World) -> None:
    bob = world.user("bob")
    world.project("alpha", b=bob)
    beta = world.project("beta", b=(bob, Role.DEVELOPER))
    other = world.project("other")
    world.tables.users[bob.id].last_project_id = beta.id
    pair = await world.login("bob", PASSWORD, project_id=other.id)
    assert (pair.access.project_id, pair.access.role) == (beta.id, Role.DEVELOPER)


async def test_uses_first_project_by_name_when_last_one_was_left(world: World) -> None:
    bob = world.user("bob")
    world.project("zulu", b=(bob, Role.VIEWER))
    alpha = world.project("alpha", b=(bob, Role.OPERATOR))
    world.tables.users[bob.id].last_project_id = world.project("left").id
    pair = await world.login("bob", PASSWORD)
    assert (pair.access.project_id, pair.access.role) == (alpha.id, Role.OPERATOR)


async def test_scopes_to_no_project_when_user_has_none(world: World) -> None:
    world.user("bob")
    pair = await world.login("bob", PASSWORD)
    assert (pair.access.project_id, pair.access.role) == (None, None)


async def test_gives_admin_the_project_without_role_when_not_a_member(world: World) -> None:
    world.user("root", is_admin=True)
    project = world.project("alpha")
    pair = await world.login("root", PASSWORD, project_id=project.id)
    assert (pair.access.project_id, pair.access.role, pair.access.is_admin) == (
        project.id,
        None,
        True,
    )
