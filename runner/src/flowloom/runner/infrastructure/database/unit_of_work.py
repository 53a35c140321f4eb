"""The runner unit of work: servicekit's session, outbox and inbox handling + our repositories."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

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
from flowloom.servicekit.database.uow import SqlAlchemyUnitOfWork


@dataclass(eq=False)
class SqlAlchemyRunnerUnitOfWork(SqlAlchemyUnitOfWork, UnitOfWork):
    """One session and transaction per use case; `Conflict` for constraint violations.

    Use it as ``async with uow:``; leaving the block always rolls back what was not
    committed and closes the session. ``cipher`` seals password values at rest. Constructing
    one starts the mappers if needed.
    """

    cipher: ValueCipher = field(kw_only=True)
    run_cache: RunCache | None = field(default=None, kw_only=True)
    version_cache: VersionCache | None = field(default=None, kw_only=True)

    def _start_mappers(self) -> None:
        start_mappers()

    def _open(self, session: AsyncSession) -> None:
        self.deployments = SqlDeploymentRepository(session)
        self.versions = SqlWorkflowVersionRepository(session, self.cipher, self.version_cache)
        self.secrets = SqlProjectSecretRepository(session, self.cipher)
        self._runs = SqlRunRepository(session, self.cipher, self.run_cache)
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
