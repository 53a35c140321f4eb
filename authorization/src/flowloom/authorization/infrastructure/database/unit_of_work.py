"""The authorization unit of work: servicekit's session, outbox and inbox handling + our repos."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flowloom.authorization.domain.ports import UnitOfWork
from flowloom.authorization.infrastructure.database.conflicts import conflicts_translated
from flowloom.authorization.infrastructure.database.credential_repositories import (
    SqlApiKeyRepository,
    SqlLoginThrottleRepository,
    SqlRefreshTokenRepository,
    SqlSigningKeyRepository,
)
from flowloom.authorization.infrastructure.database.mapping import start_mappers
from flowloom.authorization.infrastructure.database.repositories import (
    SqlMembershipRepository,
    SqlProjectRepository,
    SqlUserRepository,
)
from flowloom.servicekit.database.tables import MessageTables
from flowloom.servicekit.database.uow import EventMapper, SqlAlchemyUnitOfWork


class SqlAlchemyAuthorizationUnitOfWork(SqlAlchemyUnitOfWork, UnitOfWork):
    """One session and transaction per use case; `Conflict` for constraint violations.

    Use it as ``async with uow:``; leaving the block always rolls back what was not
    committed and closes the session. Constructing one starts the mappers if needed.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        tables: MessageTables,
        to_envelope: EventMapper,
        after_commit: Callable[[], None] = lambda: None,
    ) -> None:
        start_mappers()
        super().__init__(sessions, tables, to_envelope, after_commit)

    def _open(self, session: AsyncSession) -> None:
        self.users = SqlUserRepository(session)
        self.projects = SqlProjectRepository(session)
        self.memberships = SqlMembershipRepository(session)
        self.refresh_tokens = SqlRefreshTokenRepository(session)
        self.api_keys = SqlApiKeyRepository(session)
        self.login_throttles = SqlLoginThrottleRepository(session)
        self.signing_keys = SqlSigningKeyRepository(session)

    async def commit(self) -> None:
        with conflicts_translated():
            await super().commit()
