"""One asyncio lock per key, to serialise the changes of one run or one workflow."""

from __future__ import annotations

import asyncio


class KeyedLocks:
    """Locks created on first use; ``forget`` drops one once its key is done with."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}

    def __call__(self, key: str) -> asyncio.Lock:
        return self._locks.setdefault(key, asyncio.Lock())

    def forget(self, key: str) -> None:
        self._locks.pop(key, None)
