"""The runner unit of work: servicekit's session, outbox and inbox handling + our repositories."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flowloom.runner.domain.ports import UnitOfWork
from flowloom.runner.infrastructure.database.caches import RunCache, VersionCache
from flowloom.runner.infrastructure.database.cipher import ValueCipher
from flowloom.runner.infrastructure.database.conflicts import conflicts_translated
from flowloom.runner.infrastructure.database.mapping import start_mappers
from flowloom.runner.infrastructure.database.repositories import (
    SqlDeploymentRepository,
    SqlWorkflowVersionRepository,
)
from flowloom.runner.infrastructure.database.run_repository import SqlRunRepository
from flowloom.runner.infrastructure.database.secret_repository import SqlProjectSecretRepository
from flowloom.servicekit.database.tables import MessageTables
from flowloom.servicekit.database.uow import EventMapper, SqlAlchemyUnitOfWork


class SqlAlchemyRunnerUnitOfWork(SqlAlchemyUnitOfWork, UnitOfWork):
    """One session and transaction per use case; `Conflict` for constraint violations.

    Use it as ``async with uow:``; leaving the block always rolls back what was not
    committed and closes the session. ``cipher`` seals password values at rest. Constructing
    one starts the mappers if needed.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        tables: MessageTables,
        to_envelope: EventMapper,
        after_commit: Callable[[], None] = lambda: None,
        *,
        cipher: ValueCipher,
        run_cache: RunCache | None = None,
        version_cache: VersionCache | None = None,
    ) -> None:
        super().__init__(sessions, tables, to_envelope, after_commit)
        self._cipher = cipher
        self._run_cache = run_cache
        self._version_cache = version_cache

    def _start_mappers(self) -> None:
        start_mappers()

    def _open(self, session: AsyncSession) -> None:
        self.deployments = SqlDeploymentRepository(session)
        self.versions = SqlWorkflowVersionRepository(session, self._cipher, self._version_cache)
        self.secrets = SqlProjectSecretRepository(session, self._cipher)
        self._runs = SqlRunRepository(session, self._cipher, self._run_cache)
        self.runs = self._runs

    async def commit(self) -> None:
        with conflicts_translated():
            await self._runs.save()
            try:
                await super().commit()
            except BaseException:
                self._runs.uncertain()
                raise
        self._runs.committed()

    async def rollback(self) -> None:
        self._runs.forget()
        await super().rollback()
