"""The studio unit of work: servicekit's session, outbox and inbox handling + our repositories."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from flowloom.servicekit.database.uow import SqlAlchemyUnitOfWork
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


@dataclass(eq=False)
class SqlAlchemyStudioUnitOfWork(SqlAlchemyUnitOfWork, UnitOfWork):
    """One session and transaction per use case; `Conflict` for constraint violations.

    Leaving ``async with uow:`` rolls back what was not committed and closes the session.
    """

    conflicts = CONFLICTS

    cipher: SecretCipher = field(kw_only=True)

    def _open(self, session: AsyncSession) -> None:
        self.actions = SqlActionRepository(session)
        self.workflows = SqlWorkflowRepository(session)
        self.files = SqlFileRepository(session)
        self.versions = SqlVersionRepository(session)
        self.deployments = SqlDeploymentRepository(session)
        self.variables = SqlVariableRepository(session)
        self.secrets = SqlSecretRepository(session, self.cipher)
