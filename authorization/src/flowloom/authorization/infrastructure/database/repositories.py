"""SQL repositories of users, projects and memberships over one `AsyncSession`."""

from __future__ import annotations

from collections.abc import Collection
from typing import Generic, TypeVar

from sqlalchemy import Table, delete, func, select

from flowloom.authorization.domain.model import Membership, Project, Role, User
from flowloom.authorization.domain.repositories import (
    MembershipRepository,
    ProjectRepository,
    UserRepository,
)
from flowloom.authorization.infrastructure.database.conflicts import CONFLICTS
from flowloom.authorization.infrastructure.database.tables import memberships, projects, users
from flowloom.servicekit.database.repositories import MappedRepository, keyset_page


class SqlRepository(MappedRepository):
    """The base of the authorization's mapped repositories: its constraints raise its `Conflict`."""

    conflicts = CONFLICTS


E = TypeVar("E")


class _Identified(SqlRepository, Generic[E]):
    """A repository of one mapped class (``entity``, on ``table``) whose objects are found by
    their ``id``."""

    entity: type[E]
    table: Table

    async def get(self, object_id: str) -> E | None:
        return await self._session.get(self.entity, object_id)

    async def get_many(self, object_ids: Collection[str]) -> list[E]:
        if not object_ids:
            return []
        statement = select(self.entity).where(self.table.c.id.in_(list(object_ids)))
        return await self._all(statement)

    async def add(self, added: E) -> None:
        await self._add(added)

    async def delete(self, deleted: E) -> None:
        await self._delete(deleted)


class SqlUserRepository(_Identified[User], UserRepository):
    entity = User
    table = users

    async def get_by_username(self, username: str) -> User | None:
        return await self._first(select(User).where(users.c.username == username))

    async def list_page(self, limit: int, after: str | None) -> list[User]:
        return await self._all(keyset_page(select(User), users.c.username, limit, after))

    async def has_any(self) -> bool:
        return await self._first(select(users.c.id).limit(1)) is not None

    async def count_active_admins(self) -> int:
        return await self._count(
            select(func.count())
            .select_from(users)
            .where(users.c.is_admin.is_(True), users.c.active.is_(True))
        )


class SqlProjectRepository(_Identified[Project], ProjectRepository):
    entity = Project
    table = projects

    async def get_by_name(self, name: str) -> Project | None:
        return await self._first(select(Project).where(projects.c.name == name))

    async def list_page(
        self, limit: int, after: str | None, member_id: str | None = None
    ) -> list[Project]:
        statement = keyset_page(select(Project), projects.c.name, limit, after)
        if member_id is not None:
            statement = statement.join(
                memberships, memberships.c.project_id == projects.c.id
            ).where(memberships.c.user_id == member_id)
        return await self._all(statement)


class SqlMembershipRepository(SqlRepository, MembershipRepository):
    async def get(self, project_id: str, user_id: str) -> Membership | None:
        return await self._session.get(Membership, (project_id, user_id))

    async def list_for_user(self, user_id: str) -> list[Membership]:
        statement = select(Membership).where(memberships.c.user_id == user_id)
        return await self._all(statement.order_by(memberships.c.project_id))

    async def list_for_project(
        self, project_id: str, limit: int, after: str | None
    ) -> list[Membership]:
        statement = select(Membership).where(memberships.c.project_id == project_id)
        return await self._all(keyset_page(statement, memberships.c.user_id, limit, after))

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
