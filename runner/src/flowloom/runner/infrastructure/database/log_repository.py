"""Execution log lines in SQL, each append in a short transaction of its own."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from weakref import WeakValueDictionary

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flowloom.runner.domain.invocation import LogLine, StoredLogLine
from flowloom.runner.domain.repositories import LogRepository
from flowloom.runner.infrastructure.database.conflicts import conflicts_translated
from flowloom.runner.infrastructure.database.tables import log_lines


class SqlLogRepository(LogRepository):
    """Lines stream in while an execution runs: they must neither wait for the run's unit of
    work nor vanish with its rollback, so every call opens its own transaction.

    Numbers continue from the execution's last stored line (its maximum + 1, read in the
    appending transaction). One runner process owns a run, so a lock per execution in this
    process is enough to keep two appends of one execution from taking the same numbers.
    """

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        # A lock lives while an append holds or awaits it, then goes with the last reference.
        self._locks: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()

    async def append(
        self, project_id: str, execution_id: str, attempt: int, lines: Sequence[LogLine]
    ) -> None:
        if not lines:
            return
        async with self._lock(execution_id), self._sessions() as session, session.begin():
            last = await session.scalar(
                select(func.max(log_lines.c.number)).where(log_lines.c.execution_id == execution_id)
            )
            rows = [
                {
                    "execution_id": execution_id,
                    "number": number,
                    "project_id": project_id,
                    "attempt": attempt,
                    "stream": line.stream,
                    "line": line.line,
                    "timestamp": line.timestamp,
                }
                for number, line in enumerate(lines, start=(last or 0) + 1)
            ]
            with conflicts_translated():
                await session.execute(insert(log_lines), rows)

    async def read_page(
        self, execution_id: str, limit: int, after: int | None, attempt: int | None = None
    ) -> list[StoredLogLine]:
        columns = log_lines.c
        statement = (
            select(columns.number, columns.stream, columns.line, columns.timestamp, columns.attempt)
            .where(columns.execution_id == execution_id)
            .order_by(columns.number)
            .limit(limit)
        )
        if after is not None:
            statement = statement.where(columns.number > after)
        if attempt is not None:
            statement = statement.where(columns.attempt == attempt)
        async with self._sessions() as session:
            rows = (await session.execute(statement)).all()
        return [
            StoredLogLine(row.number, row.stream, row.line, row.timestamp, row.attempt)
            for row in rows
        ]

    async def delete_for_project(self, project_id: str) -> None:
        async with self._sessions() as session, session.begin():
            await session.execute(delete(log_lines).where(log_lines.c.project_id == project_id))

    def _lock(self, execution_id: str) -> asyncio.Lock:
        lock = self._locks.get(execution_id)
        if lock is None:
            lock = self._locks[execution_id] = asyncio.Lock()
        return lock
