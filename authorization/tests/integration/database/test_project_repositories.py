"""Projects and memberships stored in SQL behave like the in-memory fakes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from flowloom.authorization.domain.model import Membership, Role
from flowloom.authorization.infrastructure.database.tables import api_keys, memberships

from .support import NOW, Database, api_key, member, project, user

pytestmark = pytest.mark.integration


async def test_round_trips_project_when_reloaded(database: Database):
    lab = project("lab")
    await database.seed(lab)

    async with database.uow() as uow:
        by_id = await uow.projects.get(lab.id)
        by_name = await uow.projects.get_by_name("lab")
        missing = await uow.projects.get_by_name("Lab")
        many = await uow.projects.get_many([lab.id, "p-nope"])

    assert by_id == lab == by_name
    assert by_id is not None
    assert by_id.created_at == NOW
    assert missing is None
    assert many == [lab]


async def test_raises_conflict_when_project_name_is_taken(database: Database):
    await database.seed(project("lab"))
    twin = project("lab")
    twin.id = "p-other"

    await database.assert_conflict(
        lambda uow: uow.projects.add(twin), "project with this name already exists"
    )


async def test_pages_projects_by_name_and_filters_by_member_when_asked(database: Database):
    alice = user("alice")
    labs = [project(name) for name in ["delta", "alpha", "charlie", "bravo"]]
    await database.seed(alice, *labs, member(labs[0], alice), member(labs[2], alice))

    async with database.uow() as uow:
        first = await uow.projects.list_page(3, None)
        rest = await uow.projects.list_page(3, first[-1].name)
        mine = await uow.projects.list_page(10, None, member_id=alice.id)
        mine_after = await uow.projects.list_page(10, "charlie", member_id=alice.id)
        nobodys = await uow.projects.list_page(10, None, member_id="u-nobody")

    assert [p.name for p in first] == ["alpha", "bravo", "charlie"]
    assert [p.name for p in rest] == ["delta"]
    assert [p.name for p in mine] == ["charlie", "delta"]
    assert [p.name for p in mine_after] == ["delta"]
    assert nobodys == []


async def test_cascades_memberships_and_api_keys_when_project_is_deleted(database: Database):
    alice, lab, other = user("alice"), project("lab"), project("other")
    await database.seed(
        alice,
        lab,
        other,
        member(lab, alice),
        member(other, alice),
        api_key("k-lab", alice, lab, prefix="aaaaaaaa"),
        api_key("k-other", alice, other, prefix="bbbbbbbb"),
    )

    async with database.uow() as uow:
        loaded = await uow.projects.get(lab.id)
        assert loaded is not None
        await uow.projects.delete(loaded)
        await uow.commit()

    async with database.engine.connect() as connection:
        members = (await connection.execute(select(memberships.c.project_id))).scalars().all()
        keys = (await connection.execute(select(api_keys.c.id))).scalars().all()
    assert (members, keys) == (["p-other"], ["k-other"])


async def test_stores_role_as_its_value_and_loads_the_enum(database: Database):
    alice, lab = user("alice"), project("lab")
    await database.seed(alice, lab, member(lab, alice, Role.DEVELOPER))

    async with database.uow() as uow:
        loaded = await uow.memberships.get(lab.id, alice.id)
    async with database.engine.connect() as connection:
        stored = await connection.scalar(select(memberships.c.role))

    assert loaded == Membership(lab.id, alice.id, Role.DEVELOPER)
    assert loaded is not None
    assert loaded.role is Role.DEVELOPER
    assert stored == "developer"


async def test_lists_members_by_user_id_after_cursor_and_counts_owners(database: Database):
    people = [user(name) for name in ["dave", "bob", "carol", "alice"]]
    lab, other = project("lab"), project("other")
    roles = [Role.OWNER, Role.VIEWER, Role.OWNER, Role.DEVELOPER]
    await database.seed(
        *people,
        lab,
        other,
        *(member(lab, person, role) for person, role in zip(people, roles, strict=True)),
        member(other, people[0]),
    )

    async with database.uow() as uow:
        first = await uow.memberships.list_for_project(lab.id, 2, None)
        rest = await uow.memberships.list_for_project(lab.id, 5, first[-1].user_id)
        owners = await uow.memberships.count_owners(lab.id)
        daves = await uow.memberships.list_for_user("u-dave")
        nobody = await uow.memberships.get(lab.id, "u-nobody")

    assert [m.user_id for m in first] == ["u-alice", "u-bob"]
    assert [m.user_id for m in rest] == ["u-carol", "u-dave"]
    assert owners == 2
    assert sorted(m.project_id for m in daves) == ["p-lab", "p-other"]
    assert nobody is None


async def test_raises_conflict_when_user_is_already_a_member(database: Database):
    alice, lab = user("alice"), project("lab")
    await database.seed(alice, lab, member(lab, alice))

    await database.assert_conflict(
        lambda uow: uow.memberships.add(member(lab, alice, Role.VIEWER)), "already a member"
    )


async def test_raises_conflict_when_membership_names_a_missing_project(database: Database):
    await database.seed(user("alice"))

    await database.assert_conflict(
        lambda uow: uow.memberships.add(Membership("p-missing", "u-alice", Role.OWNER)),
        "does not exist",
    )


async def test_changes_and_removes_memberships_when_committed(database: Database):
    alice, bob, lab, other = user("alice"), user("bob"), project("lab"), project("other")
    await database.seed(
        alice, bob, lab, other, member(lab, alice), member(lab, bob), member(other, bob)
    )

    async with database.uow() as uow:
        alices = await uow.memberships.get(lab.id, alice.id)
        assert alices is not None
        alices.change_role(Role.VIEWER, owners=2)
        assert await uow.memberships.count_owners(lab.id) == 1
        bobs = await uow.memberships.get(other.id, bob.id)
        assert bobs is not None
        await uow.memberships.delete(bobs)
        await uow.commit()

    async with database.uow() as uow:
        assert await uow.memberships.list_for_user(bob.id) == [member(lab, bob)]
        assert await uow.memberships.get(lab.id, alice.id) == member(lab, alice, Role.VIEWER)


async def test_deletes_memberships_in_bulk_when_asked(database: Database):
    alice, bob, lab, other = user("alice"), user("bob"), project("lab"), project("other")
    await database.seed(
        alice, bob, lab, other, member(lab, alice), member(lab, bob), member(other, bob)
    )

    async with database.uow() as uow:
        loaded = await uow.memberships.get(lab.id, alice.id)
        await uow.memberships.delete_for_project(lab.id)
        after_project = await uow.memberships.get(lab.id, alice.id)
        await uow.memberships.delete_for_user(bob.id)
        await uow.commit()

    assert loaded is not None
    assert after_project is None
    assert await database.count(memberships) == 0
