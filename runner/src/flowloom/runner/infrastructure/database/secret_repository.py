"""The runner's copy of project secrets: one row per (project, name), newest change wins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from flowloom.runner.domain.repositories import ProjectSecretRepository
from flowloom.runner.infrastructure.database.cipher import ValueCipher
from flowloom.runner.infrastructure.database.conflicts import conflicts_translated
from flowloom.runner.infrastructure.database.repositories import SqlRepository
from flowloom.runner.infrastructure.database.tables import project_secrets


class SqlProjectSecretRepository(SqlRepository, ProjectSecretRepository):
    def __init__(self, session: AsyncSession, cipher: ValueCipher) -> None:
        super().__init__(session)
        self._cipher = cipher

    async def put(self, project_id: str, name: str, value: str, changed_at: datetime) -> None:
        await self._write(project_id, name, self._cipher.seal(value), changed_at)

    async def remove(self, project_id: str, name: str, changed_at: datetime) -> None:
        await self._write(project_id, name, None, changed_at)

    async def value(self, project_id: str, name: str) -> str | None:
        sealed = await self._session.scalar(
            select(project_secrets.c.sealed_value).where(
                project_secrets.c.project_id == project_id, project_secrets.c.name == name
            )
        )
        return None if sealed is None else str(self._cipher.unseal(sealed))

    async def delete_for_project(self, project_id: str) -> None:
        await self._execute(
            delete(project_secrets).where(project_secrets.c.project_id == project_id)
        )

    async def _write(
        self, project_id: str, name: str, sealed: str | None, changed_at: datetime
    ) -> None:
        """Newest change wins, atomically: the UPDATE only applies over an older change (two
        messages handled at once cannot let the older one land last). A first change inserts;
        two first changes at once conflict, and the retried message then updates."""
        key = (project_secrets.c.project_id == project_id, project_secrets.c.name == name)
        await self._flush()
        with conflicts_translated():
            updated = await self._session.execute(
                project_secrets.update()
                .where(*key, project_secrets.c.changed_at < changed_at)
                .values(sealed_value=sealed, changed_at=changed_at)
            )
        if getattr(updated, "rowcount", 0):
            return
        exists = await self._session.scalar(select(project_secrets.c.name).where(*key))
        if exists is None:
            await self._execute(
                project_secrets.insert().values(
                    project_id=project_id, name=name, sealed_value=sealed, changed_at=changed_at
                )
            )
