"""Bounded in-memory recollection of recent cancellations (of builds not started yet)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Generic, TypeVar

V = TypeVar("V")


@dataclass(eq=False)
class Recent(Generic[V]):
    """The last `capacity` entries by key; the oldest is forgotten first."""

    capacity: int
    _entries: OrderedDict[str, V] = field(init=False, default_factory=OrderedDict)

    def put(self, key: str, value: V) -> None:
        self._entries[key] = value
        self._entries.move_to_end(key)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)

    def get(self, key: str) -> V | None:
        return self._entries.get(key)

    def pop(self, key: str) -> V | None:
        return self._entries.pop(key, None)

    def __contains__(self, key: object) -> bool:
        return key in self._entries
