"""Unit-of-work base: one session per use case; events go to the outbox in the same transaction."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Self

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flowloom.servicekit.database.conflicts import ConflictTranslator
from flowloom.servicekit.database.inbox import record_consumption
from flowloom.servicekit.database.tables import MessageTables
from flowloom.servicekit.messaging.bus import Envelope

EventMapper = Callable[[Any], Envelope]


@dataclass(eq=False)
class SqlAlchemyUnitOfWork:
    """Subclasses build their repositories in `_open(session)`; a subclass that needs more
    (a cipher, caches) is a dataclass too, adding them as keyword-only fields.

    `emit(event)` maps a domain event to an envelope; `commit()` writes the envelopes to the
    outbox and, when the work runs inside `consuming(...)`, the inbox row of the message being
    handled, all in the same transaction as the state change. After commit, `after_commit`
    wakes the outbox relay. With `conflicts` set, a constraint violation met by the commit is
    raised as the service's conflict error.
    """

    conflicts: ClassVar[ConflictTranslator | None] = None

    sessions: async_sessionmaker[AsyncSession]
    tables: MessageTables
    to_envelope: EventMapper
    after_commit: Callable[[], None] = lambda: None
    session: AsyncSession = field(init=False, repr=False)
    _pending: list[Envelope] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self._start_mappers()

    async def __aenter__(self) -> Self:
        self.session = self.sessions()
        self._pending = []
        self._open(self.session)
        return self

    async def __aexit__(self, *_: object) -> None:
        # A rollback expires every loaded object and a closed session cannot reload them:
        # detach them first so that what the use case read stays readable after the block.
        self.session.expunge_all()
        try:
            await self.rollback()
        finally:
            await self.session.close()

    def _start_mappers(self) -> None:
        """Map the service's classes to its tables, if it maps them and has not yet."""

    def _open(self, session: AsyncSession) -> None:
        """Create the service's repositories on `session`."""

    def emit(self, event: object) -> None:
        self._pending.append(self.to_envelope(event))

    async def commit(self) -> None:
        with self.conflicts.translated() if self.conflicts is not None else nullcontext():
            await self._commit()

    async def _commit(self) -> None:
        now = datetime.now(UTC)
        if self._pending:
            rows = [_outbox_row(envelope, now) for envelope in self._pending]
            await self.session.execute(insert(self.tables.outbox), rows)
        consumed = await record_consumption(self.session, self.tables.inbox, now)
        await self.session.commit()
        if consumed is not None:
            consumed.recorded = True
        relayed = bool(self._pending)
        self._pending = []
        if relayed:
            self.after_commit()

    async def rollback(self) -> None:
        self._pending = []
        await self.session.rollback()


def _outbox_row(envelope: Envelope, now: datetime) -> dict[str, Any]:
    return {
        "message_id": envelope.message_id,
        "exchange": envelope.exchange,
        "routing_key": envelope.routing_key,
        "type": envelope.type,
        "correlation_id": envelope.correlation_id,
        "headers": dict(envelope.headers),
        "body": envelope.body,
        "created_at": now,
    }
