"""ProjectDeleted removes everything of the project, its static files included."""

from __future__ import annotations

import pytest
from minio.error import S3Error
from sqlalchemy import func, select

from flowloom.studio.infrastructure.database import tables
from flowloom.testkit import testing

from .flows import import_example
from .messages import project_deleted
from .service import Studio

pytestmark = pytest.mark.integration


async def count_rows(studio: Studio, project: str) -> dict[str, int]:
    engine = studio.app.state.container.engine()
    counts = {}
    async with engine.connect() as connection:
        for table in (
            tables.actions, tables.workflows, tables.workflow_files, tables.workflow_versions,
            tables.deployments, tables.variables, tables.secrets,
        ):  # fmt: skip
            query = select(func.count()).select_from(table).where(table.c.project_id == project)
            counts[table.name] = int(await connection.scalar(query) or 0)
    return counts


async def test_removes_everything_of_project_when_project_is_deleted(studio: Studio) -> None:
    wf = await import_example(studio)
    await studio.ok("POST", f"/workflows/{wf['id']}/deploy", 202)
    other = studio.as_role("owner", project="bystander")
    await other.ok("PUT", "/variables/keep", json={"type": "string", "value": "me"})
    key = wf["steps"][1]["inputs"]["template"]["file"]
    files = studio.app.state.container.files()
    assert await files.get(key)
    assert all(await count_rows(studio, studio.project))

    await studio.bus.publish(project_deleted(studio.project))

    async def gone() -> bool:
        return not any((await count_rows(studio, studio.project)).values())

    await testing.eventually(gone, within=30)
    with pytest.raises(S3Error, match="NoSuchKey"):
        await files.get(key)
    assert (await studio.get(f"/workflows/{wf['id']}")).status_code == 404
    assert [v["name"] for v in (await other.ok("GET", "/variables"))["items"]] == ["keep"]
