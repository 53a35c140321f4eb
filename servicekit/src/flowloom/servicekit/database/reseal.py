"""Re-sealing stored values under the first key of a ring, next to a running service.

Each row is rewritten with a compare-and-set (`UPDATE … WHERE <key> AND <column> = <what was
read>`): a row the service changed meanwhile is read again instead of being overwritten, so
no write is lost. A value the first key already opens is left alone, which makes a pass
idempotent and lets a second pass count what is left under the other keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import Table, Text, cast, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncEngine

from flowloom.servicekit.keys import KeyRing

BATCH = 200
ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class SealedColumn:
    """A column holding sealed values: one Fernet token (`token`), or JSON in which every
    string under a `"sealed"` key is one (`json`)."""

    table: Table
    column: str
    kind: Literal["token", "json"] = "token"

    @property
    def name(self) -> str:
        return f"{self.table.name}.{self.column}"


@dataclass(slots=True)
class Resealed:
    """What a pass found: values re-sealed, values already under the first key, values no key
    of the ring opens (left as they were), per column."""

    resealed: int = 0
    current: int = 0
    unreadable: int = 0
    columns: dict[str, int] = field(default_factory=dict)

    def add(self, other: Resealed) -> None:
        self.resealed += other.resealed
        self.current += other.current
        self.unreadable += other.unreadable
        for name, count in other.columns.items():
            self.columns[name] = self.columns.get(name, 0) + count


class _Rewriter:
    """Turns a stored text into the same values sealed under the ring's first key; `found`
    counts the values of the last text rewritten."""

    def __init__(self, ring: KeyRing, kind: str) -> None:
        self._ring = ring
        self._first = Fernet(ring.keys[0])
        self._kind = kind
        self.found = Resealed()

    def __call__(self, stored: str) -> Any | None:
        """The new column value, or None when nothing changes."""
        self.found = Resealed()
        if self._kind == "token":
            token = self._token(stored)
            return None if token == stored else token
        document = json.loads(stored)
        changed = self._walk(document)
        return document if changed else None

    def _walk(self, node: Any) -> bool:
        changed = False
        if isinstance(node, dict):
            for name, value in node.items():
                if name == "sealed" and isinstance(value, str):
                    token = self._token(value)
                    changed |= token != value
                    node[name] = token
                else:
                    changed |= self._walk(value)
        elif isinstance(node, list):
            for item in node:
                changed |= self._walk(item)
        return changed

    def _token(self, token: str) -> str:
        raw = token.encode("ascii")
        try:
            self._first.decrypt(raw)
        except InvalidToken:
            pass
        else:
            self.found.current += 1
            return token
        try:
            resealed = self._ring.reseal(raw).decode("ascii")
        except InvalidToken:
            self.found.unreadable += 1
            return token
        self.found.resealed += 1
        return resealed


async def reseal(engine: AsyncEngine, columns: tuple[SealedColumn, ...], ring: KeyRing) -> Resealed:
    """Every sealed value of `columns` under `ring.keys[0]`."""
    total = Resealed()
    for sealed in columns:
        found = await _column(engine, sealed, _Rewriter(ring, sealed.kind))
        found.columns[sealed.name] = found.resealed
        total.add(found)
    return total


async def _column(engine: AsyncEngine, sealed: SealedColumn, rewrite: _Rewriter) -> Resealed:
    found = Resealed()
    table = sealed.table
    keys = list(table.primary_key.columns)
    stored = cast(table.c[sealed.column], Text)
    query = select(*keys, stored).where(table.c[sealed.column].is_not(None))
    if sealed.kind == "json":  # most rows hold no sealed value: let the database skip them
        query = query.where(stored.like('%"sealed"%'))
    query = query.order_by(*keys).limit(BATCH)
    last: tuple[Any, ...] | None = None
    while True:
        page = query if last is None else query.where(tuple_(*keys) > tuple_(*last))
        async with engine.begin() as connection:
            rows = (await connection.execute(page)).all()
        if not rows:
            return found
        for row in rows:
            await _row(engine, sealed, tuple(row[:-1]), row[-1], rewrite)
            found.add(rewrite.found)
        last = tuple(rows[-1][:-1])


async def _row(
    engine: AsyncEngine,
    sealed: SealedColumn,
    key: tuple[Any, ...],
    stored: str,
    rewrite: _Rewriter,
) -> None:
    """Compare-and-set; a row changed meanwhile is read again (its new value may be sealed
    under the first key already). `rewrite.found` then counts the values of the text kept."""
    table = sealed.table
    where = [column == value for column, value in zip(table.primary_key.columns, key, strict=True)]
    for _ in range(ATTEMPTS):
        new = rewrite(stored)
        if new is None:
            return
        async with engine.begin() as connection:
            result = await connection.execute(
                update(table)
                .where(*where, cast(table.c[sealed.column], Text) == stored)
                .values({sealed.column: new})
            )
            if getattr(result, "rowcount", 0):
                return
            again = await connection.scalar(
                select(cast(table.c[sealed.column], Text)).where(*where)
            )
        if again is None:
            rewrite.found = Resealed()
            return  # deleted meanwhile
        stored = again
    raise RuntimeError(f"{sealed.name}: a row kept changing while it was re-sealed: run again")
