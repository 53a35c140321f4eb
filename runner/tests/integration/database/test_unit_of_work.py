"""The unit of work: one transaction, events in the outbox only on commit, Conflict on clash."""

from __future__ import annotations

import pytest

from flowloom.runner.domain.deployment import Deployment
from flowloom.runner.domain.errors import Conflict
from flowloom.runner.domain.events import DeploymentState
from flowloom.runner.domain.ports import UnitOfWork
from flowloom.runner.domain.run import RunState
from flowloom.runner.infrastructure.database.tables import deployments, runs

from .support import EXCHANGE, NOW, Database, at, deployment, run, simple_version

pytestmark = pytest.mark.integration


async def test_is_the_domain_unit_of_work_with_every_repository(database: Database):
    async with database.uow() as uow:
        assert isinstance(uow, UnitOfWork)
        repositories = [uow.deployments, uow.versions, uow.runs]
    assert all(repository is not None for repository in repositories)


async def test_writes_emitted_event_to_outbox_when_committed(database: Database):
    _, event = Deployment.create(
        project_id="p-1", workflow_id="wf-1", workflow_version_id="v-1", webhook_key="k", now=NOW
    )

    row = await database.commit_emitted(event)

    assert (row.message_id, row.exchange, row.routing_key) == (
        event.event_id,
        EXCHANGE,
        "WorkflowDeploymentChanged",
    )
    assert len(database.wakeups) == 1


async def test_discards_changes_and_events_when_left_without_commit(database: Database):
    async with database.uow() as uow:
        created, event = Deployment.create(
            project_id="p-1",
            workflow_id="wf-1",
            workflow_version_id="v-1",
            webhook_key="k",
            now=NOW,
        )
        await uow.deployments.add(created)
        await uow.versions.add("p-1", simple_version())
        await uow.runs.add(run("r-1"))
        uow.emit(event)

    assert await database.count(deployments) == 0
    assert await database.count(runs) == 0
    await database.assert_nothing_relayed()


async def test_rolls_back_and_reraises_when_the_block_fails(database: Database):
    async def failing_use_case() -> None:
        async with database.uow() as uow:
            await uow.runs.add(run("r-1"))
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await failing_use_case()

    assert await database.count(runs) == 0


async def test_keeps_loaded_objects_readable_when_block_ends(database: Database):
    await database.seed(deployment("wf-1"), runs=(run("r-1"),))

    async with database.uow() as uow:
        listed = await uow.deployments.list_for_project("p-1")
        unfinished = await uow.runs.list_unfinished()

    assert [d.state for d in listed] == [DeploymentState.DEPLOYED]
    assert [e.step_id for e in unfinished[0].executions] == ["first", "second"]


async def test_raises_conflict_at_commit_when_a_change_breaks_a_constraint(database: Database):
    await database.seed(deployment("wf-1"), deployment("wf-2"))

    async with database.uow() as uow:
        second = await uow.deployments.get("wf-2")
        assert second is not None
        second.webhook_key = "key-wf-1"
        uow.emit(second.fail("broken", NOW))
        with pytest.raises(Conflict, match="webhook key is already used"):
            await uow.commit()

    await database.assert_nothing_relayed()
    assert sorted(await database.column(deployments, "webhook_key")) == ["key-wf-1", "key-wf-2"]


async def test_starts_a_fresh_transaction_when_reused(database: Database):
    await database.seed(runs=(run("r-1"),))
    uow = database.uow()
    async with uow:
        loaded = await uow.runs.get("r-1")
        assert loaded is not None
        loaded.cancel(at(1))
    async with uow:
        reloaded = await uow.runs.get("r-1")
        await uow.runs.add(run("r-2"))
        await uow.commit()

    assert reloaded is not None
    assert reloaded is not loaded
    assert reloaded.state is RunState.RUNNING
    assert sorted(await database.column(runs, "id")) == ["r-1", "r-2"]
