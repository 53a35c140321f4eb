"""Deployments and workflow versions stored in SQL behave like the in-memory fakes."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import timedelta, timezone

import pytest

from flowloom.runner.domain.events import DeploymentState
from flowloom.runner.domain.workflow import CronTrigger, ManualTrigger
from flowloom.runner.infrastructure.database.tables import deployments, workflow_versions

from .support import (
    NOW,
    OTHER,
    PROJECT,
    Database,
    complex_version,
    deployment,
    simple_version,
    source_trigger,
    spec,
)

pytestmark = pytest.mark.integration


async def test_round_trips_deployment_with_aware_utc_datetime_when_reloaded(database: Database):
    stored = deployment("wf-1", state=DeploymentState.ERROR)
    stored.updated_at = NOW.astimezone(timezone(timedelta(hours=2)))
    await database.seed(stored)

    async with database.uow() as uow:
        loaded = await uow.deployments.get("wf-1")
        missing = await uow.deployments.get("wf-unknown")

    assert loaded == stored
    assert loaded is not None
    assert loaded.updated_at.utcoffset() == timedelta(0)
    assert loaded.state is DeploymentState.ERROR
    assert missing is None


async def test_finds_deployment_by_webhook_key_when_present(database: Database):
    await database.seed(deployment("wf-1"), deployment("wf-2"))

    async with database.uow() as uow:
        found = await uow.deployments.get_by_webhook_key("key-wf-2")
        missing = await uow.deployments.get_by_webhook_key("key-unknown")

    assert found is not None
    assert found.workflow_id == "wf-2"
    assert missing is None


async def test_lists_project_deployments_by_workflow_id_when_asked(database: Database):
    await database.seed(deployment("wf-b"), deployment("wf-a"), deployment("wf-c", OTHER))

    async with database.uow() as uow:
        listed = await uow.deployments.list_for_project(PROJECT)

    assert [d.workflow_id for d in listed] == ["wf-a", "wf-b"]


async def test_lists_only_live_or_undeploying_deployments_of_every_project(database: Database):
    states = {
        "wf-1": DeploymentState.DEPLOYING,
        "wf-2": DeploymentState.DEPLOYED,
        "wf-3": DeploymentState.UNDEPLOYING,
        "wf-4": DeploymentState.UNDEPLOYED,
        "wf-5": DeploymentState.ERROR,
    }
    await database.seed(
        *(deployment(w, OTHER if w == "wf-2" else PROJECT, s) for w, s in states.items())
    )

    async with database.uow() as uow:
        active = await uow.deployments.list_active()

    assert [d.workflow_id for d in active] == ["wf-1", "wf-2", "wf-3"]


async def test_saves_transition_of_loaded_deployment_when_committed(database: Database):
    await database.seed(deployment("wf-1"))

    async with database.uow() as uow:
        loaded = await uow.deployments.get("wf-1")
        assert loaded is not None
        event = loaded.deploy("v-2", NOW + timedelta(minutes=1))
        await uow.commit()

    async with database.uow() as uow:
        reloaded = await uow.deployments.get("wf-1")
    assert event is not None
    assert reloaded is not None
    assert (reloaded.workflow_version_id, reloaded.state, reloaded.message) == (
        "v-2",
        DeploymentState.DEPLOYING,
        "",
    )
    assert reloaded.updated_at == NOW + timedelta(minutes=1)


@pytest.mark.parametrize(
    ("workflow_id", "webhook_key", "match"),
    [
        ("wf-2", "key-wf-1", "webhook key is already used"),
        ("wf-1", "key-other", "deployment of this workflow already exists"),
    ],
)
async def test_raises_conflict_when_webhook_key_or_workflow_is_taken(
    database: Database, workflow_id: str, webhook_key: str, match: str
):
    await database.seed(deployment("wf-1"))
    twin = deployment(workflow_id)
    twin.webhook_key = webhook_key

    await database.assert_conflict(lambda uow: uow.deployments.add(twin), match)


async def test_round_trips_versions_of_every_trigger_kind_when_reloaded(database: Database):
    triggers = [
        source_trigger(),
        ManualTrigger((spec("message"),)),
        CronTrigger("0 * * * *", "UTC", ()),
    ]
    versions = [
        replace(complex_version(trigger), workflow_version_id=f"v-{n}")
        for n, trigger in enumerate(triggers)
    ]
    await database.seed(versions=tuple((PROJECT, v) for v in versions))

    async with database.uow() as uow:
        loaded = [await uow.versions.get(v.workflow_version_id) for v in versions]
        missing = await uow.versions.get("v-unknown")

    assert loaded == versions
    assert missing is None


async def test_stores_password_literals_sealed_when_version_is_added(database: Database):
    await database.seed(versions=((PROJECT, complex_version(source_trigger())),))

    [definition] = await database.column(workflow_versions, "definition")
    document = json.loads(definition) if isinstance(definition, str) else definition
    message = base64.b64decode(document["message"])

    assert b"hunter2" not in message
    assert b"s3cret" not in message
    assert b"registry/emitter:2.0" in message
    assert "hunter2" not in json.dumps(document)


async def test_raises_conflict_when_version_is_stored_twice(database: Database):
    await database.seed(versions=((PROJECT, simple_version()),))

    await database.assert_conflict(
        lambda uow: uow.versions.add(PROJECT, simple_version()),
        "workflow version is already stored",
    )


async def test_deletes_only_the_projects_deployments_and_versions_when_asked(database: Database):
    await database.seed(
        deployment("wf-1"),
        deployment("wf-2", OTHER),
        versions=((PROJECT, simple_version("v-1")), (OTHER, simple_version("v-2", "wf-2"))),
    )

    async with database.uow() as uow:
        loaded = await uow.deployments.get("wf-1")
        assert await uow.versions.get("v-1") is not None
        await uow.deployments.delete_for_project(PROJECT)
        await uow.versions.delete_for_project(PROJECT)
        assert loaded is not None
        assert await uow.deployments.get("wf-1") is None
        assert await uow.versions.get("v-1") is None
        await uow.commit()

    assert await database.column(deployments, "workflow_id") == ["wf-2"]
    assert await database.column(workflow_versions, "workflow_version_id") == ["v-2"]
