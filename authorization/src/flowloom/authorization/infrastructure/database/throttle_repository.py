"""The SQL repository of login throttles: counters per (username, client address)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, delete, func, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import make_transient_to_detached

from flowloom.authorization.domain.repositories import LoginThrottleRepository
from flowloom.authorization.domain.throttle import LoginThrottle
from flowloom.authorization.infrastructure.database.repositories import SqlRepository
from flowloom.authorization.infrastructure.database.tables import login_throttles

_COLUMNS = tuple(column.name for column in login_throttles.columns)


class SqlLoginThrottleRepository(SqlRepository, LoginThrottleRepository):
    async def get(self, throttle_id: str, *, lock: bool = True) -> LoginThrottle | None:
        if not lock:
            return await self._session.get(LoginThrottle, throttle_id)
        # Locked until commit (PostgreSQL) so simultaneous failures cannot lose a count; read
        # afresh, as an earlier unlocked read may be stale by now.
        return await self._session.get(
            LoginThrottle, throttle_id, with_for_update=True, populate_existing=True
        )

    async def add(self, throttle: LoginThrottle) -> None:
        """Insert unless a concurrent first failure already did, then track ``throttle``.

        ``throttle`` is refreshed from the row (the other writer's counts, if it won) and
        locked until commit, so the caller's increment is applied on top of the stored one.
        """
        row = {name: getattr(throttle, name) for name in _COLUMNS}
        await self._execute(self._insert().values(row).on_conflict_do_nothing())
        make_transient_to_detached(throttle)
        self._session.add(throttle)
        await self._session.refresh(throttle, with_for_update=True)

    async def delete(self, throttle: LoginThrottle) -> None:
        await self._delete(throttle)

    async def list_locked_out(
        self, now: datetime, limit: int, after: tuple[str, str] | None
    ) -> list[LoginThrottle]:
        key = tuple_(login_throttles.c.username, login_throttles.c.address)
        statement = (
            select(LoginThrottle)
            .where(login_throttles.c.locked_until.is_not(None), login_throttles.c.forget_at > now)
            .order_by(login_throttles.c.username, login_throttles.c.address)
            .limit(limit)
        )
        if after is not None:
            statement = statement.where(key > tuple_(*after))
        return await self._all(statement)

    async def forget(self, now: datetime, keep: int) -> int:
        # SKIP LOCKED (PostgreSQL): a row a login holds is left for next time, rather than
        # waiting for it while holding others (two such waits could deadlock).
        ids = select(login_throttles.c.id).with_for_update(skip_locked=True)
        stale = ids.where(login_throttles.c.forget_at <= now)
        gone = await self._delete_ids(stale)
        count = await self._count(select(func.count()).select_from(login_throttles))
        if count > keep:
            oldest = ids.order_by(login_throttles.c.forget_at).limit(count - keep)
            gone += await self._delete_ids(oldest)
        return gone

    async def _delete_ids(self, ids: Select[tuple[str]]) -> int:
        await self._flush()
        result = await self._session.execute(
            delete(login_throttles).where(login_throttles.c.id.in_(ids))
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def _insert(self) -> postgresql.Insert | sqlite.Insert:
        dialect = self._session.get_bind().dialect.name
        if dialect == "postgresql":
            return postgresql.insert(login_throttles)
        if dialect == "sqlite":
            return sqlite.insert(login_throttles)
        raise NotImplementedError(f"no upsert for the {dialect} dialect")
