"""SQLAlchemy repositories over the mapped domain objects; cursors are opaque offsets."""

from __future__ import annotations

from typing import Generic, TypeVar

from sqlalchemy import Select, Text, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from flowloom.repository.domain import repositories
from flowloom.repository.domain.build import Build
from flowloom.repository.domain.catalog import Action
from flowloom.repository.domain.errors import ValidationFailed
from flowloom.repository.domain.source import Scan, ScanState, Source
from flowloom.repository.infrastructure.database import tables
from flowloom.servicekit.database.repositories import (
    ProjectObject,
    delete_project_rows,
    project_object,
)

P = TypeVar("P", bound=ProjectObject)
E = TypeVar("E")


def _offset(cursor: str | None) -> int:
    if cursor is None:
        return 0
    if not cursor.isdigit():
        raise ValidationFailed("query.cursor", "cursor is not one this service returned")
    return int(cursor)


async def _page(
    session: AsyncSession, query: Select[E], limit: int, cursor: str | None
) -> repositories.Page[E]:
    start = _offset(cursor)
    rows = list((await session.scalars(query.offset(start).limit(limit + 1))).all())
    more = len(rows) > limit
    return repositories.Page(rows[:limit], str(start + limit) if more else None)


class _ProjectObjects(Generic[P]):
    """A repository of one mapped class whose objects each belong to a project."""

    entity: type[P]

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, added: P) -> None:
        self._session.add(added)

    async def get(self, project_id: str, object_id: str) -> P | None:
        return await project_object(self._session, self.entity, project_id, object_id)


class SqlSourceRepository(_ProjectObjects[Source], repositories.SourceRepository):
    entity = Source

    async def page(
        self, project_id: str, limit: int, cursor: str | None
    ) -> repositories.Page[Source]:
        query = select(Source).where(tables.sources.c.project_id == project_id)
        query = query.order_by(tables.sources.c.name, tables.sources.c.id)
        return await _page(self._session, query, limit, cursor)

    async def delete(self, source: Source) -> None:
        await self._session.execute(
            delete(tables.scans).where(tables.scans.c.source_id == source.id)
        )
        await self._session.delete(source)

    async def delete_project(self, project_id: str) -> None:
        await delete_project_rows(
            self._session, project_id, tables.builds, tables.actions, tables.scans, tables.sources
        )


class SqlScanRepository(_ProjectObjects[Scan], repositories.ScanRepository):
    entity = Scan

    async def page(
        self, project_id: str, source_id: str, limit: int, cursor: str | None
    ) -> repositories.Page[Scan]:
        c = tables.scans.c
        query = select(Scan).where(c.project_id == project_id, c.source_id == source_id)
        query = query.order_by(c.started_at.desc(), c.id)
        return await _page(self._session, query, limit, cursor)

    async def running(self) -> list[Scan]:
        query = select(Scan).where(tables.scans.c.state == ScanState.RUNNING)
        return list((await self._session.scalars(query)).all())


class SqlActionRepository(_ProjectObjects[Action], repositories.ActionRepository):
    entity = Action

    async def of_source(self, project_id: str, source_id: str) -> list[Action]:
        c = tables.actions.c
        query = select(Action).where(c.project_id == project_id, c.source_id == source_id)
        return list((await self._session.scalars(query.order_by(c.path))).all())

    async def of_project(self, project_id: str) -> list[Action]:
        c = tables.actions.c
        query = select(Action).where(c.project_id == project_id).order_by(c.created_at, c.path)
        return list((await self._session.scalars(query)).all())

    async def find(
        self, project_id: str, filters: repositories.ActionFilter, limit: int, cursor: str | None
    ) -> repositories.Page[Action]:
        c = tables.actions.c
        query = select(Action).where(c.project_id == project_id)
        if filters.source_id is not None:
            query = query.where(c.source_id == filters.source_id)
        if filters.state is not None:
            query = query.where(c.state == filters.state)
        if filters.kind is not None:
            query = query.where(c.kind == filters.kind)
        if filters.text:
            pattern = f"%{filters.text.lower()}%"
            query = query.where(
                or_(
                    func.lower(c.technical_name).like(pattern),
                    func.lower(c.path).like(pattern),
                    func.lower(c.definition.cast(Text())).like(pattern),
                )
            )
        query = query.order_by(c.technical_name, c.path, c.id)
        return await _page(self._session, query, limit, cursor)

    async def delete(self, action: Action) -> None:
        await self._session.delete(action)


class SqlBuildRepository(_ProjectObjects[Build], repositories.BuildRepository):
    entity = Build

    async def of_action(
        self, project_id: str, action_id: str, limit: int, cursor: str | None
    ) -> repositories.Page[Build]:
        c = tables.builds.c
        query = select(Build).where(c.project_id == project_id, c.action_id == action_id)
        query = query.order_by(c.requested_at.desc(), c.id)
        return await _page(self._session, query, limit, cursor)

    async def delete_of_action(self, action_id: str) -> None:
        await self._session.execute(
            delete(tables.builds).where(tables.builds.c.action_id == action_id)
        )
