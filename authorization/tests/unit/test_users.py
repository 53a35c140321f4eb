"""User administration, own password and profile."""

from __future__ import annotations

import pytest

from flowloom.authorization.domain.errors import (
    Conflict,
    Forbidden,
    InvalidToken,
    NotFound,
    ValidationFailed,
)
from flowloom.authorization.domain.events import RevocationReason
from flowloom.authorization.domain.model import Role

from .world import PASSWORD, World, actor, without_id


async def test_creates_user_when_admin_asks(world: World) -> None:
    root = world.user("root", is_admin=True)
    view = await world.users().create(
        actor(root), username="carol", password="s3cret-pw", full_name="Carol", email="c@x.io"
    )
    stored = world.tables.users[view.id]
    assert (view.username, view.email, view.is_admin, view.active) == (
        "carol",
        "c@x.io",
        False,
        True,
    )
    assert stored.password_hash == "hashed$s3cret-pw"
    assert (await world.login("carol", "s3cret-pw")).access.sub == view.id


async def test_forbids_creation_when_actor_is_not_admin(world: World) -> None:
    bob = world.user("bob")
    with pytest.raises(Forbidden):
        await world.users().create(actor(bob), username="carol", password="s3cret-pw")


async def test_raises_conflict_when_username_is_taken(world: World) -> None:
    root = world.user("root", is_admin=True)
    world.user("carol")
    with pytest.raises(Conflict):
        await world.users().create(actor(root), username="carol", password="s3cret-pw")


@pytest.mark.parametrize(("username", "password", "field"), [
    ("carol", "short", "password"),
    ("Carol!", "s3cret-pw", "username"),
])  # fmt: skip
async def test_raises_validation_failed_when_input_breaks_rules(
    world: World, username: str, password: str, field: str
) -> None:
    root = world.user("root", is_admin=True)
    with pytest.raises(ValidationFailed) as caught:
        await world.users().create(actor(root), username=username, password=password)
    assert caught.value.field == field
    assert world.db.commits == 0


async def test_updates_only_given_fields_when_admin_changes_user(world: World) -> None:
    root = world.user("root", is_admin=True)
    bob = world.user("bob")
    users = world.users()
    await users.update(actor(root), bob.id, email="b@x.io", full_name="Bob")
    view = await users.update(actor(root), bob.id, is_admin=True)
    assert (view.full_name, view.email, view.is_admin) == ("Bob", "b@x.io", True)
    view = await users.update(actor(root), bob.id, email=None)
    assert view.email is None


@pytest.mark.parametrize("changes", [{"is_admin": False}, {"active": False}])
async def test_raises_conflict_when_last_active_admin_would_be_lost(
    world: World, changes: dict[str, bool]
) -> None:
    root = world.user("root", is_admin=True)
    world.user("former", is_admin=True, active=False)
    with pytest.raises(Conflict):
        await world.users().update(actor(root), root.id, **changes)
    assert world.tables.users[root.id].is_active_admin


async def test_ends_sessions_when_admin_resets_password(world: World) -> None:
    root = world.user("root", is_admin=True)
    bob = world.user("bob")
    await world.login("bob", PASSWORD)
    await world.users().update(actor(root), bob.id, password="brand-new-pw")
    assert world.tables.refresh_tokens == {}
    assert without_id(world.revocations()) == [
        world.revocation(RevocationReason.PASSWORD_CHANGED, user_id=bob.id)
    ]
    assert (await world.login("bob", "brand-new-pw")).access.sub == bob.id


async def test_revokes_tokens_and_ends_sessions_for_good_when_user_is_deactivated(
    world: World,
) -> None:
    root = world.user("root", is_admin=True)
    bob = world.user("bob")
    pair = await world.login("bob", PASSWORD)
    await world.users().update(actor(root), bob.id, active=False)
    assert without_id(world.revocations()) == [
        world.revocation(RevocationReason.USER_DEACTIVATED, user_id=bob.id)
    ]
    await world.users().update(actor(root), bob.id, active=True)
    with pytest.raises(InvalidToken):  # reactivation does not revive the old session
        await world.auth().refresh(pair.refresh_token or "")
    assert len(world.revocations()) == 1


async def test_revokes_tokens_but_keeps_sessions_when_admin_rights_are_removed(
    world: World,
) -> None:
    root = world.user("root", is_admin=True)
    ada = world.user("ada", is_admin=True)
    pair = await world.login("ada", PASSWORD)
    await world.users().update(actor(root), ada.id, is_admin=False)
    assert without_id(world.revocations()) == [
        world.revocation(RevocationReason.ADMIN_RIGHTS_REMOVED, user_id=ada.id)
    ]
    refreshed = await world.auth().refresh(pair.refresh_token or "")
    assert refreshed.access.is_admin is False


async def test_revokes_nothing_when_change_takes_no_power_away(world: World) -> None:
    root = world.user("root", is_admin=True)
    bob = world.user("bob")
    users = world.users()
    await users.update(actor(root), bob.id, full_name="Bob", active=True)
    await users.update(actor(root), bob.id, is_admin=True)
    assert world.revocations() == []


async def test_raises_conflict_when_admin_deletes_themselves(world: World) -> None:
    root = world.user("root", is_admin=True)
    world.user("other", is_admin=True)
    with pytest.raises(Conflict):
        await world.users().delete(actor(root), root.id)


async def test_raises_conflict_when_deleting_a_projects_last_owner(world: World) -> None:
    root = world.user("root", is_admin=True)
    bob = world.user("bob")
    world.project("alpha", b=bob)
    with pytest.raises(Conflict):
        await world.users().delete(actor(root), bob.id)
    assert bob.id in world.tables.users


async def test_removes_everything_of_the_user_when_deleted(world: World) -> None:
    root = world.user("root", is_admin=True)
    bob = world.user("bob")
    project = world.project("alpha", r=root, b=(bob, Role.DEVELOPER))
    await world.login("bob", PASSWORD)
    await world.api_keys().create(actor(bob), project.id, "ci")
    await world.users().delete(actor(root), bob.id)
    tables = world.tables
    assert bob.id not in tables.users
    assert [m.user_id for m in tables.memberships.values()] == [root.id]
    assert tables.api_keys == {}
    assert tables.refresh_tokens == {}
    assert without_id(world.revocations()) == [
        world.revocation(RevocationReason.USER_DELETED, user_id=bob.id)
    ]


async def test_forbids_deletion_when_actor_is_not_admin(world: World) -> None:
    bob = world.user("bob")
    with pytest.raises(Forbidden):
        await world.users().delete(actor(bob), world.user("carol").id)


async def test_hides_other_users_when_actor_is_not_admin(world: World) -> None:
    bob = world.user("bob")
    carol = world.user("carol")
    assert (await world.users().get(actor(bob), bob.id)).username == "bob"
    with pytest.raises(NotFound):
        await world.users().get(actor(bob), carol.id)


async def test_pages_users_by_username_when_listing(world: World) -> None:
    root = world.user("root", is_admin=True)
    for name in ["dan", "amy", "cat", "ben"]:
        world.user(name)
    first = await world.users().list_users(actor(root), limit=3)
    rest = await world.users().list_users(actor(root), limit=3, after=first.next_cursor)
    assert [u.username for u in first.items] == ["amy", "ben", "cat"]
    assert ([u.username for u in rest.items], rest.next_cursor) == (["dan", "root"], None)


async def test_describes_caller_when_asking_for_me(world: World) -> None:
    bob = world.user("bob")
    zulu = world.project("zulu", b=(bob, Role.VIEWER))
    world.project("alpha", b=bob)
    me = await world.users().me(actor(bob, zulu, Role.VIEWER))
    assert me.user.username == "bob"
    assert [(m.project_name, m.role) for m in me.memberships] == [
        ("alpha", Role.OWNER),
        ("zulu", Role.VIEWER),
    ]
    assert (me.project_id, me.role) == (zulu.id, Role.VIEWER)


async def test_drops_current_project_from_me_when_membership_was_lost(world: World) -> None:
    bob = world.user("bob")
    project = world.project("alpha", o=world.user("olga"))
    me = await world.users().me(actor(bob, project, Role.VIEWER))
    assert (me.project_id, me.role, me.memberships) == (None, None, [])


async def test_raises_invalid_token_when_actor_was_deactivated(world: World) -> None:
    bob = world.user("bob", active=False)
    with pytest.raises(InvalidToken):
        await world.users().me(actor(bob))
