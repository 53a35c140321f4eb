"""Dispatching ready executions in submission order within per-action concurrency limits."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

DEFAULT_MAX_CONCURRENT = 4


@dataclass(frozen=True)
class Dispatch:
    """A ready execution waiting for a slot of its action deployment."""

    run_id: str
    execution_id: str
    deployment_key: str


class DispatchQueue:
    """A FIFO of ready executions; one is taken only when its deployment has a free slot.

    A full deployment does not hold back executions of other deployments queued behind it.
    """

    def __init__(self, max_concurrent: int = DEFAULT_MAX_CONCURRENT) -> None:
        if max_concurrent < 1:
            raise ValueError("max_concurrent must be at least 1")
        self.max_concurrent = max_concurrent
        self._queue: list[Dispatch] = []
        self._busy: Counter[str] = Counter()

    def __contains__(self, execution_id: object) -> bool:
        return any(item.execution_id == execution_id for item in self._queue)

    def __len__(self) -> int:
        return len(self._queue)

    def submit(self, item: Dispatch) -> bool:
        """Queue ``item`` unless its execution is already queued."""
        if item.execution_id in self:
            return False
        self._queue.append(item)
        return True

    def take(self) -> list[Dispatch]:
        """The queued items that may start now, oldest first; each holds a slot until released."""
        taken: list[Dispatch] = []
        for item in self._queue:
            if self._busy[item.deployment_key] < self.max_concurrent:
                self._busy[item.deployment_key] += 1
                taken.append(item)
        self._queue = [item for item in self._queue if item not in taken]
        return taken

    def claim(self, item: Dispatch) -> bool:
        """Take a slot for ``item`` without queueing it: only when one is free and no queued
        item waits for its deployment (those come first). Released like a taken item."""
        key = item.deployment_key
        if self._busy[key] >= self.max_concurrent or item.execution_id in self:
            return False
        if any(queued.deployment_key == key for queued in self._queue):
            return False
        self._busy[key] += 1
        return True

    def release(self, deployment_key: str) -> None:
        """Give back the slot of a dispatched item."""
        if self._busy[deployment_key] > 0:
            self._busy[deployment_key] -= 1

    def busy(self, deployment_key: str) -> int:
        return self._busy[deployment_key]

    def discard_run(self, run_id: str) -> None:
        """Drop the queued (not yet dispatched) items of a run."""
        self._queue = [item for item in self._queue if item.run_id != run_id]
