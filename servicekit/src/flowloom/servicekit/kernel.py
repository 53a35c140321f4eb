"""The few shapes every service's domain and application layers share: a page of a list and
one asyncio lock per key. Standard library only (an import contract keeps it so): these
layers may import this module and nothing else of servicekit."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list; pass ``next_cursor`` as ``after`` to get the next (None: last)."""

    items: list[T]
    next_cursor: str | None = None


def page_of(rows: list[T], limit: int, cursor: Callable[[T], str]) -> Page[T]:
    """Cut rows fetched with ``limit + 1``: the extra row only tells that more exist."""
    items = rows[:limit]
    more = len(rows) > limit
    return Page(items=items, next_cursor=cursor(items[-1]) if more and items else None)


class KeyedLocks:
    """One asyncio lock per key (a run, a workflow, a project), created on first use;
    ``forget`` drops one once its key is done with."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}

    def __call__(self, key: str) -> asyncio.Lock:
        return self._locks.setdefault(key, asyncio.Lock())

    def forget(self, key: str) -> None:
        self._locks.pop(key, None)
