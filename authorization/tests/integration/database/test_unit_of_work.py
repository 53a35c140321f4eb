"""The unit of work: one transaction, events in the outbox only on commit, Conflict on clash."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from flowloom.authorization.domain.errors import Conflict
from flowloom.authorization.domain.events import ProjectDeleted
from flowloom.authorization.domain.model import User
from flowloom.authorization.domain.ports import UnitOfWork
from flowloom.authorization.infrastructure.database.mapping import start_mappers
from flowloom.authorization.infrastructure.database.tables import users

from .support import EXCHANGE, NOW, Database, project, user

pytestmark = pytest.mark.integration


async def test_is_the_domain_unit_of_work_with_every_repository(database: Database):
    async with database.uow() as uow:
        assert isinstance(uow, UnitOfWork)
        repositories = [
            uow.users,
            uow.projects,
            uow.memberships,
            uow.refresh_tokens,
            uow.api_keys,
            uow.login_throttles,
            uow.signing_keys,
        ]
    assert all(repository is not None for repository in repositories)


def test_maps_each_class_once_when_mappers_start_again():
    start_mappers()
    start_mappers()

    assert inspect(User).local_table is users


async def test_writes_emitted_event_to_outbox_when_committed(database: Database):
    event = ProjectDeleted(project_id="p-lab", occurred_at=NOW)

    row = await database.commit_emitted(event)

    assert (row.message_id, row.exchange, row.routing_key) == (
        event.event_id,
        EXCHANGE,
        "ProjectDeleted",
    )
    assert row.created_at.tzinfo is not None
    assert len(database.wakeups) == 1


async def test_discards_emitted_event_when_left_without_commit(database: Database):
    async with database.uow() as uow:
        uow.emit(ProjectDeleted(project_id="p-lab", occurred_at=NOW))

    await database.assert_nothing_relayed()


async def test_does_not_wake_relay_when_commit_has_no_event(database: Database):
    async with database.uow() as uow:
        await uow.projects.add(project("lab"))
        await uow.commit()

    await database.assert_nothing_relayed()


async def test_rolls_back_changes_when_left_without_commit(database: Database):
    await database.seed(user("alice"))

    async with database.uow() as uow:
        alice = await uow.users.get("u-alice")
        assert alice is not None
        alice.change_full_name("Changed")
        await uow.projects.add(project("lab"))

    async with database.uow() as uow:
        reloaded = await uow.users.get("u-alice")
        assert await uow.projects.get_by_name("lab") is None
    assert reloaded is not None
    assert reloaded.full_name == "Alice"
    assert alice.full_name == "Changed"


async def test_rolls_back_and_reraises_when_the_block_fails(database: Database):
    async def failing_use_case() -> None:
        async with database.uow() as uow:
            await uow.users.add(user("alice"))
            uow.emit(ProjectDeleted(project_id="p-lab", occurred_at=NOW))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await failing_use_case()

    assert await database.count(users) == 0
    await database.assert_nothing_relayed()


async def test_keeps_loaded_objects_readable_when_block_ends(database: Database):
    await database.seed(user("alice"))

    async with database.uow() as uow:
        listed = await uow.users.list_page(10, None)

    assert [u.full_name for u in listed] == ["Alice"]


async def test_raises_conflict_at_commit_when_a_change_breaks_a_constraint(database: Database):
    await database.seed(user("alice"), user("bob"))

    async with database.uow() as uow:
        bob = await uow.users.get("u-bob")
        assert bob is not None
        bob.username = "alice"
        uow.emit(ProjectDeleted(project_id="p-lab", occurred_at=NOW))
        with pytest.raises(Conflict, match="username is already taken"):
            await uow.commit()

    await database.assert_nothing_relayed()
    assert sorted(await database.column(users, "username")) == ["alice", "bob"]


async def test_starts_a_fresh_transaction_when_reused(database: Database):
    uow = database.uow()
    async with uow:
        await uow.users.add(user("alice"))
    async with uow:
        await uow.users.add(user("bob"))
        await uow.commit()

    assert await database.column(users, "username") == ["bob"]
