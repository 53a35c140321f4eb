"""The repository unit of work: servicekit's session, outbox and inbox + our repositories."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from flowloom.repository.domain.ports import UnitOfWork
from flowloom.repository.infrastructure.database.conflicts import CONFLICTS
from flowloom.repository.infrastructure.database.mapping import start_mappers
from flowloom.repository.infrastructure.database.repositories import (
    SqlActionRepository,
    SqlBuildRepository,
    SqlScanRepository,
    SqlSourceRepository,
)
from flowloom.servicekit.database.uow import SqlAlchemyUnitOfWork


class SqlAlchemyRepositoryUnitOfWork(SqlAlchemyUnitOfWork, UnitOfWork):
    """One session and transaction per use case; `Conflict` for constraint violations."""

    conflicts = CONFLICTS

    def _start_mappers(self) -> None:
        start_mappers()

    def _open(self, session: AsyncSession) -> None:
        self.sources = SqlSourceRepository(session)
        self.scans = SqlScanRepository(session)
        self.actions = SqlActionRepository(session)
        self.builds = SqlBuildRepository(session)
