"""The plumbing of a service's repositories on one `AsyncSession`: over mapped objects, over
tables, and the reads and deletes their methods share."""

from __future__ import annotations

from typing import Any, ClassVar, Protocol, TypeVar

from sqlalchemy import Executable, Select, Table, delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import TypedReturnsRows

from flowloom.servicekit.database.conflicts import ConflictTranslator

T = TypeVar("T")
S = TypeVar("S", bound=Select[Any])


class ProjectObject(Protocol):
    @property
    def project_id(self) -> str: ...


P = TypeVar("P", bound=ProjectObject)


async def project_object(
    session: AsyncSession, entity: type[P], project_id: str, object_id: str
) -> P | None:
    """The mapped ``entity`` of id ``object_id`` if it belongs to ``project_id``: another
    project's object is not found, exactly like a missing one (its existence never leaks)."""
    found = await session.get(entity, object_id)
    return found if found is not None and found.project_id == project_id else None


async def delete_project_rows(session: AsyncSession, project_id: str, *tables: Table) -> None:
    """Delete the rows of ``project_id`` from each of ``tables``, in the order given."""
    for table in tables:
        await session.execute(delete(table).where(table.c.project_id == project_id))


class MappedRepository:
    """Shared plumbing: writes flush at once, reads flush first. A subclass names the service's
    `conflicts`.

    The session does not autoflush, so flushing here makes every change visible to the
    queries that follow (as in the in-memory fakes) and surfaces constraint violations as
    the service's conflict error where they happen. After a conflict the transaction can only
    be rolled back.
    """

    conflicts: ClassVar[ConflictTranslator]

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _flush(self) -> None:
        with self.conflicts.translated():
            await self._session.flush()

    async def _add(self, entity: object) -> None:
        self._session.add(entity)
        await self._flush()

    async def _delete(self, entity: object) -> None:
        await self._session.delete(entity)
        await self._flush()

    async def _all(self, statement: TypedReturnsRows[T]) -> list[T]:
        await self._flush()
        return list(await self._session.scalars(statement))

    async def _first(self, statement: TypedReturnsRows[T]) -> T | None:
        await self._flush()
        return (await self._session.scalars(statement)).first()

    async def _count(self, statement: TypedReturnsRows[int]) -> int:
        return await self._first(statement) or 0

    async def _execute(self, statement: Executable) -> None:
        """A bulk UPDATE or DELETE; objects already loaded are synchronized with it."""
        await self._flush()
        with self.conflicts.translated():
            await self._session.execute(statement)


def keyset_page(statement: S, key: ColumnElement[str], limit: int, after: str | None) -> S:
    """The first ``limit`` rows of ``statement`` in ``key`` order, after ``after`` if given."""
    statement = statement.order_by(key).limit(limit)
    return statement if after is None else statement.where(key > after)
