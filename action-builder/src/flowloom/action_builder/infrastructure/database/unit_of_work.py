"""The builder's unit of work: servicekit's session and outbox, and the ended builds."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from flowloom.action_builder.domain.build import BuildResult, BuildSucceeded
from flowloom.action_builder.domain.ports import UnitOfWork
from flowloom.action_builder.domain.repositories import EndedBuildRepository
from flowloom.action_builder.infrastructure.database.tables import ended_builds
from flowloom.servicekit.database.uow import SqlAlchemyUnitOfWork


class SqlEndedBuildRepository(EndedBuildRepository):
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def contains(self, build_id: str) -> bool:
        query = select(ended_builds.c.build_id).where(ended_builds.c.build_id == build_id)
        return (await self._session.scalar(query)) is not None

    async def add(self, result: BuildResult) -> None:
        outcome = "Succeeded" if isinstance(result, BuildSucceeded) else "Failed"
        await self._session.execute(
            insert(ended_builds).values(
                build_id=result.build_id,
                project_id=result.project_id,
                outcome=outcome,
                event_id=result.event_id,
                ended_at=result.occurred_at,
            )
        )


class SqlAlchemyActionBuilderUnitOfWork(SqlAlchemyUnitOfWork, UnitOfWork):
    """One session and transaction; emitted events go to the outbox in it."""

    builds: EndedBuildRepository

    def _open(self, session: AsyncSession) -> None:
        self.builds = SqlEndedBuildRepository(session)
