"""Repositories of deployments, project variables and secrets (SQLAlchemy Core)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flowloom.servicekit.database.repositories import delete_project_rows
from flowloom.studio.domain import repositories
from flowloom.studio.domain.deployment import Deployment, DeploymentState
from flowloom.studio.domain.io import IoType
from flowloom.studio.domain.records import Page, SecretRecord, VariableRecord
from flowloom.studio.domain.variables import ProjectVariable
from flowloom.studio.infrastructure.database import cursors
from flowloom.studio.infrastructure.database.cipher import SecretCipher
from flowloom.studio.infrastructure.database.repositories import TableRepository
from flowloom.studio.infrastructure.database.tables import deployments, secrets, variables


class _NamedRows(TableRepository):
    """Rows named within a project: its variables, its secrets."""

    async def _named_page(
        self, table: Any, project: str, limit: int, cursor: str | None
    ) -> tuple[list[Any], str | None]:
        query = select(table).where(table.c.project_id == project)
        if cursor is not None:
            (after,) = cursors.decode(cursor, 1)
            query = query.where(table.c.name > str(after))
        query = query.order_by(table.c.name).limit(limit + 1)
        rows = list((await self._session.execute(query)).all())
        if len(rows) <= limit:
            return rows, None
        return rows[:limit], cursors.encode(rows[limit - 1].name)

    async def _created_at(self, table: Any, project: str, name: str) -> datetime | None:
        query = select(table.c.created_at).where(
            table.c.project_id == project, table.c.name == name
        )
        found: datetime | None = await self._session.scalar(query)
        return found

    async def _put_named(
        self, table: Any, project: str, name: str, values: dict[str, Any], now: datetime
    ) -> datetime:
        """Update the row ``name`` of ``project`` with ``values``, or insert it; when it was
        created."""
        created = await self._created_at(table, project, name)
        values = {**values, "updated_at": now}
        if created is None:
            await self._session.execute(
                insert(table).values(project_id=project, name=name, created_at=now, **values)
            )
            return now
        await self._session.execute(
            update(table)
            .where(table.c.project_id == project, table.c.name == name)
            .values(**values)
        )
        return created

    async def _delete_named(self, table: Any, project: str, name: str) -> bool:
        """Delete the row ``name`` of ``project``; whether there was one."""
        keys = (table.c.project_id == project, table.c.name == name)
        found = (await self._session.execute(select(table.c.project_id).where(*keys))).first()
        await self._session.execute(delete(table).where(*keys))
        return found is not None


class SqlDeploymentRepository(TableRepository, repositories.DeploymentRepository):
    async def get(self, workflow_id: str) -> Deployment | None:
        query = select(deployments).where(deployments.c.workflow_id == workflow_id)
        row = (await self._session.execute(query)).first()
        return _deployment(row) if row is not None else None

    async def of_workflows(self, workflow_ids: Collection[str]) -> dict[str, Deployment]:
        if not workflow_ids:
            return {}
        query = select(deployments).where(deployments.c.workflow_id.in_(list(workflow_ids)))
        rows = (await self._session.execute(query)).all()
        return {row.workflow_id: _deployment(row) for row in rows}

    async def save(self, deployment: Deployment) -> None:
        values = {
            "project_id": deployment.project,
            "version_id": deployment.version_id,
            "version_number": deployment.version_number,
            "state": deployment.state.value,
            "message": deployment.message,
            "updated_at": deployment.updated_at,
        }
        if await self.get(deployment.workflow_id) is None:
            statement: Any = insert(deployments).values(
                workflow_id=deployment.workflow_id, **values
            )
        else:
            statement = (
                update(deployments)
                .where(deployments.c.workflow_id == deployment.workflow_id)
                .values(**values)
            )
        await self._session.execute(statement)

    async def delete(self, workflow_id: str) -> None:
        await self._session.execute(
            delete(deployments).where(deployments.c.workflow_id == workflow_id)
        )

    async def delete_project(self, project: str) -> None:
        await delete_project_rows(self._session, project, deployments)


def _deployment(row: Any) -> Deployment:
    return Deployment(
        row.workflow_id,
        row.project_id,
        row.version_id,
        row.version_number,
        DeploymentState(row.state),
        row.message,
        row.updated_at,
    )


class SqlVariableRepository(_NamedRows, repositories.VariableRepository):
    async def put(self, project: str, variable: ProjectVariable, now: datetime) -> VariableRecord:
        values = {"type": variable.type.value, "value": variable.value}
        created = await self._put_named(variables, project, variable.name, values, now)
        return VariableRecord(variable, created, now)

    async def all(self, project: str) -> dict[str, ProjectVariable]:
        query = select(variables).where(variables.c.project_id == project)
        rows = (await self._session.execute(query)).all()
        return {row.name: _variable(row) for row in rows}

    async def page(self, project: str, limit: int, cursor: str | None) -> Page[VariableRecord]:
        rows, next_cursor = await self._named_page(variables, project, limit, cursor)
        items = [VariableRecord(_variable(r), r.created_at, r.updated_at) for r in rows]
        return Page(items, next_cursor)

    async def delete(self, project: str, name: str) -> bool:
        return await self._delete_named(variables, project, name)

    async def delete_project(self, project: str) -> None:
        await delete_project_rows(self._session, project, variables)


def _variable(row: Any) -> ProjectVariable:
    return ProjectVariable(row.name, IoType(row.type), row.value)


class SqlSecretRepository(_NamedRows, repositories.SecretRepository):
    def __init__(self, session: AsyncSession, cipher: SecretCipher) -> None:
        super().__init__(session)
        self._cipher = cipher

    async def put(self, project: str, name: str, value: str, now: datetime) -> SecretRecord:
        sealed = {"sealed": self._cipher.seal(value)}
        created = await self._put_named(secrets, project, name, sealed, now)
        return SecretRecord(name, created, now)

    async def names(self, project: str) -> set[str]:
        query = select(secrets.c.name).where(secrets.c.project_id == project)
        return set((await self._session.scalars(query)).all())

    async def page(self, project: str, limit: int, cursor: str | None) -> Page[SecretRecord]:
        rows, next_cursor = await self._named_page(secrets, project, limit, cursor)
        return Page([SecretRecord(r.name, r.created_at, r.updated_at) for r in rows], next_cursor)

    async def delete(self, project: str, name: str) -> bool:
        return await self._delete_named(secrets, project, name)

    async def delete_project(self, project: str) -> None:
        await delete_project_rows(self._session, project, secrets)
