"""Helpers of the database tests: a migrated database, units of work on it, and builders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flowloom.authorization.domain.credentials import ApiKey, RefreshToken
from flowloom.authorization.domain.model import Membership, Project, Role, User
from flowloom.authorization.infrastructure.database.tables import message_tables
from flowloom.authorization.infrastructure.database.unit_of_work import (
    SqlAlchemyAuthorizationUnitOfWork,
)
from flowloom.servicekit.database.engine import session_factory
from flowloom.testkit.database import MigratedDatabase, envelopes

NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
EXCHANGE = "authorization.events"


@dataclass
class Database(MigratedDatabase):
    """A migrated database; ``wakeups`` counts the after-commit calls (outbox relay pokes)."""

    outbox = message_tables.outbox

    def uow(self) -> SqlAlchemyAuthorizationUnitOfWork:
        return SqlAlchemyAuthorizationUnitOfWork(
            session_factory(self.engine),
            message_tables,
            envelopes(EXCHANGE),
            self.woken,
        )

    async def seed(self, *entities: object) -> None:
        """Store new objects in the given order, in one committed transaction."""
        async with self.uow() as uow:
            for entity in entities:
                uow.session.add(entity)
                await uow.session.flush()
            await uow.commit()


def user(username: str, *, is_admin: bool = False, active: bool = True) -> User:
    registered = User.register(
        id=f"u-{username}",
        username=username,
        password_hash="hashed$secret",
        now=NOW,
        full_name=username.title(),
        is_admin=is_admin,
    )
    registered.active = active
    return registered


def project(name: str) -> Project:
    return Project.create(id=f"p-{name}", name=name, now=NOW)


def member(project: Project, user: User, role: Role = Role.OWNER) -> Membership:
    return Membership(project.id, user.id, role)


def refresh_token(
    token_id: str, owner: User, *, family_id: str | None = None, now: datetime = NOW
) -> RefreshToken:
    return RefreshToken.issue(
        id=token_id,
        user_id=owner.id,
        secret=f"secret-{token_id}",
        project_id=None,
        now=now,
        ttl=timedelta(days=14),
        family_id=family_id,
    )


def api_key(
    key_id: str, owner: User, in_project: Project, *, prefix: str, now: datetime = NOW
) -> ApiKey:
    return ApiKey.create(
        id=key_id,
        user_id=owner.id,
        project_id=in_project.id,
        name=f"key {key_id}",
        prefix=prefix,
        secret=f"secret-{key_id}",
        now=now,
    )
