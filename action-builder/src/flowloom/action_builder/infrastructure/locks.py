"""The in-process EnvironmentLocks adapter (one builder process per database: embedded mode)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from flowloom.action_builder.domain.ports import EnvironmentLocks


class KeyLocks(EnvironmentLocks):
    """An asyncio lock per key, forgotten once nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    @property
    def waiting(self) -> int:
        """Builds waiting for a key another build holds."""
        return sum(users - 1 for users in self._users.values() if users > 1)

    def hold(self, key: str, waiting: Callable[[], None]) -> AbstractAsyncContextManager[None]:
        return self._held(key, waiting)

    @asynccontextmanager
    async def _held(self, key: str, waiting: Callable[[], None]) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            if lock.locked():
                waiting()
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]
