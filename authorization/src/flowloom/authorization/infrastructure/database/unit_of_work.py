"""The authorization unit of work: servicekit's session, outbox and inbox handling + our repos."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from flowloom.authorization.domain.ports import UnitOfWork
from flowloom.authorization.infrastructure.database.conflicts import CONFLICTS
from flowloom.authorization.infrastructure.database.credential_repositories import (
    SqlApiKeyRepository,
    SqlRefreshTokenRepository,
    SqlSigningKeyRepository,
)
from flowloom.authorization.infrastructure.database.mapping import start_mappers
from flowloom.authorization.infrastructure.database.repositories import (
    SqlMembershipRepository,
    SqlProjectRepository,
    SqlUserRepository,
)
from flowloom.authorization.infrastructure.database.throttle_repository import (
    SqlLoginThrottleRepository,
)
from flowloom.servicekit.database.uow import SqlAlchemyUnitOfWork


class SqlAlchemyAuthorizationUnitOfWork(SqlAlchemyUnitOfWork, UnitOfWork):
    """One session and transaction per use case; `Conflict` for constraint violations.

    Use it as ``async with uow:``; leaving the block always rolls back what was not
    committed and closes the session. Constructing one starts the mappers if needed.
    """

    conflicts = CONFLICTS

    def _start_mappers(self) -> None:
        start_mappers()

    def _open(self, session: AsyncSession) -> None:
        self.users = SqlUserRepository(session)
        self.projects = SqlProjectRepository(session)
        self.memberships = SqlMembershipRepository(session)
        self.refresh_tokens = SqlRefreshTokenRepository(session)
        self.api_keys = SqlApiKeyRepository(session)
        self.login_throttles = SqlLoginThrottleRepository(session)
        self.signing_keys = SqlSigningKeyRepository(session)
