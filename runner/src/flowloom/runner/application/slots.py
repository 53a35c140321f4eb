"""The slots of action deployments, and claiming them inside a transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from flowloom.runner.domain.dispatch import Dispatch, DispatchQueue


class Slots:
    """A DispatchQueue (``queue``) and the ``claim`` the scheduler gets for a transaction.

    ``may_start(item)``: nothing else forbids starting ``item`` now (the engine is not closed,
    no other task runs its execution).
    """

    def __init__(self, max_concurrent: int, may_start: Callable[[Dispatch], bool]) -> None:
        self.queue = DispatchQueue(max_concurrent)
        self._may_start = may_start

    @contextlib.contextmanager
    def claiming(self, held: str | None = None) -> Iterator[Callable[[Dispatch], bool]]:
        """A ``claim`` for the scheduler; the slots it took go back if the block fails.

        ``held``: a slot of that deployment key the caller gives up; the first item of that
        key claimed takes it over, else it is released when the block ends.
        """
        claimed: list[Dispatch] = []
        spare = [held] if held is not None else []

        def claim(item: Dispatch) -> bool:
            handed = spare and item.deployment_key == spare[0]
            if handed and self._may_start(item) and item.execution_id not in self.queue:
                spare.clear()
                taken = True
            else:  # a free slot, and no earlier item waits for one
                taken = self._may_start(item) and self.queue.claim(item)
            if taken:
                claimed.append(item)
            return taken

        try:
            yield claim
        except BaseException:  # nothing started: the claimed slots go back
            for item in claimed:
                self.queue.release(item.deployment_key)
            raise
        finally:
            for key in spare:
                self.queue.release(key)


def never(_: Dispatch) -> bool:
    """The claim that takes no slot: nothing starts in the transaction."""
    return False
