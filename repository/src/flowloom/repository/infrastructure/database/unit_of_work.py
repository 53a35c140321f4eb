"""The repository unit of work: servicekit's session, outbox and inbox + our repositories."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flowloom.repository.domain.ports import UnitOfWork
from flowloom.repository.infrastructure.database.conflicts import conflicts_translated
from flowloom.repository.infrastructure.database.mapping import start_mappers
from flowloom.repository.infrastructure.database.repositories import (
    SqlActionRepository,
    SqlBuildRepository,
    SqlScanRepository,
    SqlSourceRepository,
)
from flowloom.servicekit.database.tables import MessageTables
from flowloom.servicekit.database.uow import EventMapper, SqlAlchemyUnitOfWork


class SqlAlchemyRepositoryUnitOfWork(SqlAlchemyUnitOfWork, UnitOfWork):
    """One session and transaction per use case; `Conflict` for constraint violations."""

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
        self.sources = SqlSourceRepository(session)
        self.scans = SqlScanRepository(session)
        self.actions = SqlActionRepository(session)
        self.builds = SqlBuildRepository(session)

    async def commit(self) -> None:
        with conflicts_translated():
            await super().commit()
