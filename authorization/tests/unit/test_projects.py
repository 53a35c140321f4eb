"""Projects, their members and the ProjectDeleted event."""

from __future__ import annotations

import pytest

from flowloom.authorization.domain.errors import Conflict, Forbidden, NotFound
from flowloom.authorization.domain.events import ProjectDeleted, RevocationReason, TokensRevoked
from flowloom.authorization.domain.model import Role

from .world import World, actor, without_id


async def test_makes_creator_owner_when_admin_creates_project(world: World) -> None:
    root = world.user("root", is_admin=True)
    view = await world.projects().create(actor(root), " alpha ")
    assert (view.name, view.role) == ("alpha", Role.OWNER)
    assert world.tables.memberships[(view.id, root.id)].role is Role.OWNER


async def test_forbids_creation_when_actor_is_not_admin(world: World) -> None:
    bob = world.user("bob")
    with pytest.raises(Forbidden):
        await world.projects().create(actor(bob), "alpha")


async def test_raises_conflict_when_project_name_is_taken(world: World) -> None:
    root = world.user("root", is_admin=True)
    alpha = world.project("alpha", r=root)
    world.project("beta", r=root)
    with pytest.raises(Conflict):
        await world.projects().create(actor(root), "alpha")
    with pytest.raises(Conflict):
        await world.projects().rename(actor(root), alpha.id, "beta")


async def test_renames_when_owner_asks(world: World) -> None:
    bob = world.user("bob")
    project = world.project("alpha", b=bob)
    view = await world.projects().rename(actor(bob), project.id, "omega")
    assert world.tables.projects[project.id].name == view.name == "omega"


async def test_forbids_rename_when_member_is_not_owner(world: World) -> None:
    dev = world.user("dev")
    project = world.project("alpha", o=world.user("olga"), d=(dev, Role.DEVELOPER))
    with pytest.raises(Forbidden):
        await world.projects().rename(actor(dev), project.id, "omega")


async def test_raises_not_found_when_non_member_touches_project(world: World) -> None:
    bob = world.user("bob")
    project = world.project("alpha", o=world.user("olga"))
    service = world.projects()
    for attempt in [
        service.get(actor(bob), project.id),
        service.rename(actor(bob), project.id, "mine"),
        service.delete(actor(bob), project.id),
        service.list_members(actor(bob), project.id),
        service.get(actor(bob), "p-missing"),
    ]:
        with pytest.raises(NotFound):
            await attempt


async def test_emits_project_deleted_once_and_cleans_up_when_owner_deletes(world: World) -> None:
    bob = world.user("bob")
    viewer = world.user("vic")
    project = world.project("alpha", b=bob, v=(viewer, Role.VIEWER))
    other = world.project("beta", b=bob)
    await world.api_keys().create(actor(viewer), project.id, "ci")
    await world.api_keys().create(actor(bob), other.id, "ci")
    commits = world.db.commits
    await world.projects().delete(actor(bob), project.id)
    [event, revoked] = world.db.published
    assert isinstance(event, ProjectDeleted)
    assert (event.project_id, event.occurred_at) == (project.id, world.clock.now())
    assert isinstance(revoked, TokensRevoked)
    assert without_id([revoked]) == [
        world.revocation(RevocationReason.PROJECT_DELETED, project_id=project.id)
    ]
    assert world.db.commits == commits + 1
    assert list(world.tables.projects) == [other.id]
    assert {pid for pid, _ in world.tables.memberships} == {other.id}
    assert [k.project_id for k in world.tables.api_keys.values()] == [other.id]


async def test_publishes_nothing_when_delete_is_not_committed(world: World) -> None:
    bob = world.user("bob")
    viewer = world.user("vic")
    project = world.project("alpha", b=bob, v=(viewer, Role.VIEWER))
    with pytest.raises(Forbidden):
        await world.projects().delete(actor(viewer), project.id)
    world.db.fail_next_commit = True
    with pytest.raises(RuntimeError):
        await world.projects().delete(actor(bob), project.id)
    assert world.db.published == []
    assert project.id in world.tables.projects


async def test_forbids_adding_members_when_actor_is_viewer(world: World) -> None:
    viewer = world.user("vic")
    world.user("carol")
    project = world.project("alpha", o=world.user("olga"), v=(viewer, Role.VIEWER))
    with pytest.raises(Forbidden):
        await world.projects().add_member(actor(viewer), project.id, "carol", Role.VIEWER)


async def test_adds_member_when_owner_asks(world: World) -> None:
    bob = world.user("bob")
    carol = world.user("carol")
    project = world.project("alpha", b=bob)
    view = await world.projects().add_member(actor(bob), project.id, "carol", Role.DEVELOPER)
    assert (view.user_id, view.username, view.role) == (carol.id, "carol", Role.DEVELOPER)
    assert world.tables.memberships[(project.id, carol.id)].role is Role.DEVELOPER


async def test_lets_admin_manage_members_when_not_a_member(world: World) -> None:
    root = world.user("root", is_admin=True)
    world.user("carol")
    project = world.project("alpha", o=world.user("olga"))
    view = await world.projects().add_member(actor(root), project.id, "carol", Role.OWNER)
    assert view.role is Role.OWNER


async def test_rejects_adding_when_user_unknown_or_already_member(world: World) -> None:
    bob = world.user("bob")
    project = world.project("alpha", b=bob)
    with pytest.raises(NotFound):
        await world.projects().add_member(actor(bob), project.id, "nobody", Role.VIEWER)
    with pytest.raises(Conflict):
        await world.projects().add_member(actor(bob), project.id, "bob", Role.VIEWER)


async def test_raises_conflict_when_last_owner_is_demoted_or_removed(world: World) -> None:
    bob = world.user("bob")
    project = world.project("alpha", b=bob, d=(world.user("dev"), Role.DEVELOPER))
    with pytest.raises(Conflict):
        await world.projects().change_member_role(actor(bob), project.id, bob.id, Role.VIEWER)
    with pytest.raises(Conflict):
        await world.projects().remove_member(actor(bob), project.id, bob.id)
    assert world.tables.memberships[(project.id, bob.id)].role is Role.OWNER


async def test_demotes_owner_when_another_owner_remains(world: World) -> None:
    bob = world.user("bob")
    olga = world.user("olga")
    project = world.project("alpha", b=bob, o=olga)
    view = await world.projects().change_member_role(actor(bob), project.id, bob.id, Role.VIEWER)
    assert view.role is Role.VIEWER
    await world.projects().remove_member(actor(olga), project.id, bob.id)
    assert list(world.tables.memberships) == [(project.id, olga.id)]


async def test_raises_not_found_when_changing_a_non_member(world: World) -> None:
    bob = world.user("bob")
    project = world.project("alpha", b=bob)
    with pytest.raises(NotFound):
        await world.projects().remove_member(actor(bob), project.id, world.user("carol").id)


async def test_pages_members_when_any_member_lists_them(world: World) -> None:
    viewer = world.user("vic")
    project = world.project("alpha", o=world.user("olga"), v=(viewer, Role.VIEWER))
    world.join(project, world.user("amy"), Role.OPERATOR)
    first = await world.projects().list_members(actor(viewer), project.id, limit=2)
    rest = await world.projects().list_members(actor(viewer), project.id, 2, first.next_cursor)
    names = [m.username for m in first.items + rest.items]
    assert names == ["amy", "olga", "vic"]
    assert rest.next_cursor is None


async def test_lists_only_own_projects_with_roles_when_actor_is_not_admin(world: World) -> None:
    bob = world.user("bob")
    root = world.user("root", is_admin=True)
    world.project("beta", b=(bob, Role.VIEWER))
    world.project("alpha", b=bob)
    world.project("secret", r=root)
    mine = await world.projects().list_projects(actor(bob))
    every = await world.projects().list_projects(actor(root))
    assert [(p.name, p.role) for p in mine.items] == [("alpha", Role.OWNER), ("beta", Role.VIEWER)]
    assert [(p.name, p.role) for p in every.items] == [
        ("alpha", None),
        ("beta", None),
        ("secret", Role.OWNER),
    ]


async def test_revokes_members_tokens_for_the_project_when_member_is_removed(
    world: World,
) -> None:
    bob = world.user("bob")
    dev = world.user("dev")
    project = world.project("alpha", b=bob, d=(dev, Role.DEVELOPER))
    await world.projects().remove_member(actor(bob), project.id, dev.id)
    assert without_id(world.revocations()) == [
        world.revocation(RevocationReason.MEMBERSHIP_REMOVED, user_id=dev.id, project_id=project.id)
    ]


async def test_revokes_members_tokens_for_the_project_when_role_changes(world: World) -> None:
    bob = world.user("bob")
    dev = world.user("dev")
    project = world.project("alpha", b=bob, d=(dev, Role.DEVELOPER))
    await world.projects().change_member_role(actor(bob), project.id, dev.id, Role.DEVELOPER)
    assert world.revocations() == []  # unchanged: nothing to revoke
    await world.projects().change_member_role(actor(bob), project.id, dev.id, Role.VIEWER)
    assert without_id(world.revocations()) == [
        world.revocation(
            RevocationReason.MEMBERSHIP_ROLE_CHANGED, user_id=dev.id, project_id=project.id
        )
    ]


async def test_revokes_nothing_when_removal_is_refused(world: World) -> None:
    bob = world.user("bob")
    project = world.project("alpha", b=bob)
    with pytest.raises(Conflict):
        await world.projects().remove_member(actor(bob), project.id, bob.id)
    assert world.revocations() == []
