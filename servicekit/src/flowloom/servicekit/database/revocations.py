"""A service's deny-list kept in its own database, so that a restart forgets no revocation."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flowloom.servicekit.database.inbox import record_consumption
from flowloom.servicekit.revocations import DenyList, Revocation

log = logging.getLogger(__name__)


class TokenRevocations:
    """The revocations this service consumed: in ``deny_list`` for the verifier, and in
    ``table`` (``revocation_table``) so that ``load`` brings them back after a restart.

    ``revoke`` is the effect of a consumed revocation message: run it through
    ``idempotent(...)`` and the message's inbox row commits with the row written here.
    Rows are deleted ``grace`` after the revocation's ``expires_at``, like the deny-list's.
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        table: Table,
        inbox: Table,
        deny_list: DenyList,
        *,
        grace: float = 60.0,
    ) -> None:
        self._sessions = sessions
        self._table = table
        self._inbox = inbox
        self._deny_list = deny_list
        self._grace = timedelta(seconds=grace)

    async def load(self) -> int:
        """Put the stored revocations still in force in the deny-list (at start); how many."""
        async with self._sessions() as session:
            await self._forget_expired(session)
            rows = (await session.execute(select(self._table))).mappings().all()
            await session.commit()
        revocations = [Revocation(**row) for row in rows]
        self._deny_list.add_all(revocations)
        if revocations:
            log.info("loaded %d token revocation(s) still in force", len(revocations))
        return len(revocations)

    async def revoke(self, revocation: Revocation) -> None:
        """Deny at once, then store (a failed store is retried by redelivery; adding is
        idempotent)."""
        self._deny_list.add(revocation)
        now = datetime.now(UTC)
        async with self._sessions() as session:
            await self._forget_expired(session)
            known = await session.scalar(
                select(self._table.c.id).where(self._table.c.id == revocation.id)
            )
            if known is None and revocation.expires_at + self._grace >= now:
                await session.execute(insert(self._table).values(**_row(revocation)))
            consumed = await record_consumption(session, self._inbox, now)
            await session.commit()
        if consumed is not None:
            consumed.recorded = True

    async def _forget_expired(self, session: AsyncSession) -> None:
        cutoff = datetime.now(UTC) - self._grace
        await session.execute(delete(self._table).where(self._table.c.expires_at < cutoff))


def _row(revocation: Revocation) -> dict[str, object]:
    return {
        "id": revocation.id,
        "user_id": revocation.user_id,
        "project_id": revocation.project_id,
        "api_key_id": revocation.api_key_id,
        "issued_before": revocation.issued_before,
        "expires_at": revocation.expires_at,
    }
