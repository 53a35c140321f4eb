"""The studio unit of work: servicekit's session, outbox and inbox handling + our repositories."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flowloom.servicekit.database.tables import MessageTables
from flowloom.servicekit.database.uow import EventMapper, SqlAlchemyUnitOfWork
from flowloom.studio.domain.ports import UnitOfWork
from flowloom.studio.infrastructure.database.cipher import SecretCipher
from flowloom.studio.infrastructure.database.conflicts import CONFLICTS
from flowloom.studio.infrastructure.database.project_repositories import (
    SqlDeploymentRepository,
    SqlSecretRepository,
    SqlVariableRepository,
)
from flowloom.studio.infrastructure.database.repositories import (
    SqlActionRepository,
    SqlFileRepository,
    SqlVersionRepository,
    SqlWorkflowRepository,
)


class SqlAlchemyStudioUnitOfWork(SqlAlchemyUnitOfWork, UnitOfWork):
    """One session and transaction per use case; `Conflict` for constraint violations.

    Leaving ``async with uow:`` rolls back what was not committed and closes the session.
    """

    conflicts = CONFLICTS

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        tables: MessageTables,
        to_envelope: EventMapper,
        after_commit: Callable[[], None] = lambda: None,
        *,
        cipher: SecretCipher,
    ) -> None:
        super().__init__(sessions, tables, to_envelope, after_commit)
        self._cipher = cipher

    def _open(self, session: AsyncSession) -> None:
        self.actions = SqlActionRepository(session)
        self.workflows = SqlWorkflowRepository(session)
        self.files = SqlFileRepository(session)
        self.versions = SqlVersionRepository(session)
        self.deployments = SqlDeploymentRepository(session)
        self.variables = SqlVariableRepository(session)
        self.secrets = SqlSecretRepository(session, self._cipher)
