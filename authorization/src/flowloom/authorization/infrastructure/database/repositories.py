"""SQL repositories of users, projects and memberships over one `AsyncSession`."""

from __future__ import annotations

from collections.abc import Collection
from typing import TypeVar

from sqlalchemy import Executable, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import TypedReturnsRows

from flowloom.authorization.domain.model import Membership, Project, Role, User
from flowloom.authorization.domain.repositories import (
    MembershipRepository,
    ProjectRepository,
    UserRepository,
)
from flowloom.authorization.infrastructure.database.conflicts import conflicts_translated
from flowloom.authorization.infrastructure.database.tables import memberships, projects, users

T = TypeVar("T")


class SqlRepository:
    """Shared plumbing: writes flush at once, reads flush first.

    The session does not autoflush, so flushing here makes every change visible to the
    queries that follow (as in the in-memory fakes) and surfaces constraint violations as
    `Conflict` where they happen. After a `Conflict` the transaction can only be rolled back.
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _flush(self) -> None:
        with conflicts_translated():
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
        with conflicts_translated():
            await self._session.execute(statement)


class SqlUserRepository(SqlRepository, UserRepository):
    async def get(self, user_id: str) -> User | None:
        return await self._session.get(User, user_id)

    async def get_by_username(self, username: str) -> User | None:
        return await self._first(select(User).where(users.c.username == username))

    async def get_many(self, user_ids: Collection[str]) -> list[User]:
        if not user_ids:
            return []
        return await self._all(select(User).where(users.c.id.in_(list(user_ids))))

    async def list_page(self, limit: int, after: str | None) -> list[User]:
        statement = select(User).order_by(users.c.username).limit(limit)
        if after is not None:
            statement = statement.where(users.c.username > after)
        return await self._all(statement)

    async def has_any(self) -> bool:
        return await self._first(select(users.c.id).limit(1)) is not None

    async def count_active_admins(self) -> int:
        return await self._count(
            select(func.count())
            .select_from(users)
            .where(users.c.is_admin.is_(True), users.c.active.is_(True))
        )

    async def add(self, user: User) -> None:
        await self._add(user)

    async def delete(self, user: User) -> None:
        await self._delete(user)


class SqlProjectRepository(SqlRepository, ProjectRepository):
    async def get(self, project_id: str) -> Project | None:
        return await self._session.get(Project, project_id)

    async def get_by_name(self, name: str) -> Project | None:
        return await self._first(select(Project).where(projects.c.name == name))

    async def get_many(self, project_ids: Collection[str]) -> list[Project]:
        if not project_ids:
            return []
        return await self._all(select(Project).where(projects.c.id.in_(list(project_ids))))

    async def list_page(
        self, limit: int, after: str | None, member_id: str | None = None
    ) -> list[Project]:
        statement = select(Project).order_by(projects.c.name).limit(limit)
        if after is not None:
            statement = statement.where(projects.c.name > after)
        if member_id is not None:
            statement = statement.join(
                memberships, memberships.c.project_id == projects.c.id
            ).where(memberships.c.user_id == member_id)
        return await self._all(statement)

    async def add(self, project: Project) -> None:
        await self._add(project)

    async def delete(self, project: Project) -> None:
        await self._delete(project)


class SqlMembershipRepository(SqlRepository, MembershipRepository):
    async def get(self, project_id: str, user_id: str) -> Membership | None:
        return await self._session.get(Membership, (project_id, user_id))

    async def list_for_user(self, user_id: str) -> list[Membership]:
        statement = select(Membership).where(memberships.c.user_id == user_id)
        return await self._all(statement.order_by(memberships.c.project_id))

    async def list_for_project(
        self, project_id: str, limit: int, after: str | None
    ) -> list[Membership]:
        statement = (
            select(Membership)
            .where(memberships.c.project_id == project_id)
            .order_by(memberships.c.user_id)
            .limit(limit)
        )
        if after is not None:
            statement = statement.where(memberships.c.user_id > after)
        return await self._all(statement)

    async def count_owners(self, project_id: str) -> int:
        return await self._count(
            select(func.count())
            .select_from(memberships)
            .where(memberships.c.project_id == project_id, memberships.c.role == Role.OWNER)
        )

    async def add(self, membership: Membership) -> None:
        await self._add(membership)

    async def delete(self, membership: Membership) -> None:
        await self._delete(membership)

    async def delete_for_project(self, project_id: str) -> None:
        await self._execute(delete(Membership).where(memberships.c.project_id == project_id))

    async def delete_for_user(self, user_id: str) -> None:
        await self._execute(delete(Membership).where(memberships.c.user_id == user_id))
