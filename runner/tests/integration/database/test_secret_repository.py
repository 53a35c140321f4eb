"""The runner's copy of project secrets in SQL: sealed at rest, newest change wins."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from flowloom.runner.application.secrets import ProjectSecretService
from flowloom.runner.infrastructure.database.tables import project_secrets

from .support import NOW, OTHER, PROJECT, Database

pytestmark = pytest.mark.integration


async def test_keeps_the_newest_change_whatever_the_arrival_order(database: Database) -> None:
    secrets = ProjectSecretService(database.uow)
    await secrets.secret_set(PROJECT, "key", "second", NOW + timedelta(seconds=2))
    await secrets.secret_set(PROJECT, "key", "first", NOW + timedelta(seconds=1))
    assert await secrets.resolve(PROJECT, "key") == "second"

    await secrets.secret_deleted(PROJECT, "key", NOW + timedelta(seconds=3))
    # A late, older value cannot bring a deleted secret back (the deletion is a tombstone).
    await secrets.secret_set(PROJECT, "key", "late", NOW + timedelta(seconds=2, milliseconds=5))
    assert await secrets.resolve(PROJECT, "key") is None
    await secrets.secret_set(PROJECT, "key", "again", NOW + timedelta(seconds=4))
    assert await secrets.resolve(PROJECT, "key") == "again"


async def test_applies_concurrent_changes_in_time_order(database: Database) -> None:
    secrets = ProjectSecretService(database.uow)
    await secrets.secret_set(PROJECT, "key", "v0", NOW)
    changes = [(f"v{i}", NOW + timedelta(seconds=i)) for i in range(1, 9)]
    await asyncio.gather(*(secrets.secret_set(PROJECT, "key", v, at) for v, at in changes[::-1]))
    assert await secrets.resolve(PROJECT, "key") == "v8"


async def test_seals_values_at_rest_and_scopes_them_by_project(database: Database) -> None:
    secrets = ProjectSecretService(database.uow)
    await secrets.secret_set(PROJECT, "key", "clear text value", NOW)
    await secrets.secret_set(OTHER, "key", "other project", NOW)

    stored = await database.column(project_secrets, "sealed_value")
    assert len(stored) == 2
    assert all("clear text" not in str(value) for value in stored)
    assert await secrets.resolve(OTHER, "key") == "other project"
    assert await secrets.resolve(PROJECT, "missing") is None

    async with database.uow() as uow:
        await uow.secrets.delete_for_project(PROJECT)
        await uow.commit()
    assert await secrets.resolve(PROJECT, "key") is None
    assert await secrets.resolve(OTHER, "key") == "other project"
