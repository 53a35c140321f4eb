"""The in-process EnvironmentLocks adapter (one builder process per database: embedded mode)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field

from flowloom.action_builder.domain.ports import EnvironmentLocks


@dataclass(eq=False)
class KeyLocks(EnvironmentLocks):
    """An asyncio lock per key, forgotten once nobody holds or waits for it."""

    _locks: dict[str, asyncio.Lock] = field(init=False, default_factory=dict)
    _users: dict[str, int] = field(init=False, default_factory=dict)

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
