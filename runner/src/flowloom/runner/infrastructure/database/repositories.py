"""SQL repositories of deployments (mapped) and workflow versions (their protobuf messages)."""

from __future__ import annotations

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from flowloom.runner.domain.deployment import Deployment
from flowloom.runner.domain.events import DeploymentState
from flowloom.runner.domain.repositories import DeploymentRepository, WorkflowVersionRepository
from flowloom.runner.domain.workflow import WorkflowVersion
from flowloom.runner.infrastructure.database.caches import VersionCache
from flowloom.runner.infrastructure.database.cipher import ValueCipher
from flowloom.runner.infrastructure.database.conflicts import CONFLICTS, conflicts_translated
from flowloom.runner.infrastructure.database.tables import deployments, workflow_versions
from flowloom.runner.infrastructure.database.version_document import (
    version_from_document,
    version_to_document,
)
from flowloom.servicekit.database.repositories import MappedRepository

_ACTIVE = (DeploymentState.DEPLOYING, DeploymentState.DEPLOYED, DeploymentState.UNDEPLOYING)


class SqlRepository(MappedRepository):
    """The base of the runner's mapped repositories: its constraints raise its `Conflict`."""

    conflicts = CONFLICTS


class SqlDeploymentRepository(SqlRepository, DeploymentRepository):
    async def get(self, workflow_id: str) -> Deployment | None:
        return await self._session.get(Deployment, workflow_id)

    async def get_by_webhook_key(self, webhook_key: str) -> Deployment | None:
        return await self._first(select(Deployment).where(deployments.c.webhook_key == webhook_key))

    async def list_for_project(self, project_id: str) -> list[Deployment]:
        statement = select(Deployment).where(deployments.c.project_id == project_id)
        return await self._all(statement.order_by(deployments.c.workflow_id))

    async def list_active(self) -> list[Deployment]:
        statement = select(Deployment).where(deployments.c.state.in_(_ACTIVE))
        return await self._all(statement.order_by(deployments.c.workflow_id))

    async def add(self, deployment: Deployment) -> None:
        await self._add(deployment)

    async def delete_for_project(self, project_id: str) -> None:
        await self._execute(delete(Deployment).where(deployments.c.project_id == project_id))


class SqlWorkflowVersionRepository(SqlRepository, WorkflowVersionRepository):
    """Versions are immutable: each is decoded once per unit of work, or once per process
    with a `VersionCache` (filled by reads only, so a rolled back ``add`` leaves no trace)."""

    def __init__(
        self, session: AsyncSession, cipher: ValueCipher, cache: VersionCache | None = None
    ) -> None:
        super().__init__(session)
        self._cipher = cipher
        self._cache = cache or VersionCache(capacity=0)
        self._loaded: dict[str, tuple[str, WorkflowVersion]] = {}

    async def get(self, workflow_version_id: str) -> WorkflowVersion | None:
        if workflow_version_id in self._loaded:
            return self._loaded[workflow_version_id][1]
        cached = self._cache.get(workflow_version_id)
        if cached is not None:
            return cached
        row = (
            await self._session.execute(
                select(workflow_versions.c.project_id, workflow_versions.c.definition).where(
                    workflow_versions.c.workflow_version_id == workflow_version_id
                )
            )
        ).first()
        if row is None:
            return None
        version = version_from_document(row.definition, self._cipher)
        self._loaded[workflow_version_id] = (row.project_id, version)
        self._cache.put(row.project_id, version)
        return version

    async def add(self, project_id: str, version: WorkflowVersion) -> None:
        row = {
            "workflow_version_id": version.workflow_version_id,
            "project_id": project_id,
            "workflow_id": version.workflow_id,
            "definition": version_to_document(version, self._cipher),
        }
        with conflicts_translated():
            await self._session.execute(insert(workflow_versions).values(row))
        self._loaded[version.workflow_version_id] = (project_id, version)

    async def delete_for_project(self, project_id: str) -> None:
        await self._execute(
            delete(workflow_versions).where(workflow_versions.c.project_id == project_id)
        )
        self._loaded = {k: v for k, v in self._loaded.items() if v[0] != project_id}
        self._cache.drop_project(project_id)
