"""The slot ledger: the engine's one record of which slots are in use and what waits."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence

from flowloom.runner.domain.dispatch import Decision, Dispatch, SlotSnapshot, decide

# A transaction's claim: the due executions it is given may start in that transaction;
# it answers the ids of those that take a slot (the others are queued afterwards).
Claim = Callable[[Sequence[Dispatch]], frozenset[str]]


def never(_: Sequence[Dispatch]) -> frozenset[str]:
    """The claim that takes no slot: nothing starts in the transaction."""
    return frozenset()


class SlotLedger:
    """Slots in use per action deployment and the queue of waiting executions.

    Only ``apply`` changes them, with a ``decide`` of a snapshot of them: ``take`` for the
    queue, ``claiming`` for one transaction, ``submit``/``release``/``discard_run`` for what
    the engine learns after the fact. ``may_start(item)``: nothing outside the ledger
    forbids starting ``item`` now (no other task runs its execution).
    """

    def __init__(self, limit: int, may_start: Callable[[Dispatch], bool]) -> None:
        if limit < 1:
            raise ValueError("max_concurrent must be at least 1")
        self.limit = limit
        self.closed = False
        self._may_start = may_start
        self._used: Counter[str] = Counter()
        self._waiting: list[Dispatch] = []
        self._taken: list[Dispatch] = []  # taken from the queue, not handed out yet

    def __contains__(self, execution_id: object) -> bool:
        return any(item.execution_id == execution_id for item in self._waiting)

    def __len__(self) -> int:
        return len(self._waiting)

    def used(self, deployment_key: str) -> int:
        return self._used[deployment_key]

    def submit(self, item: Dispatch) -> bool:
        """Queue ``item`` unless its execution is queued already."""
        if item.execution_id in self:
            return False
        self._waiting.append(item)
        return True

    def release(self, deployment_key: str) -> None:
        """Give back the slot of a started execution."""
        if self._used[deployment_key] > 0:
            self._used[deployment_key] -= 1

    def discard_run(self, run_id: str) -> None:
        """Drop the waiting executions of a run."""
        self._waiting = [item for item in self._waiting if item.run_id != run_id]

    def take(self) -> list[Dispatch]:
        """The waiting executions that start now, oldest first; each holds its slot until
        released."""
        self.apply(decide(self._snapshot()))
        taken, self._taken = self._taken, []
        return taken

    @contextlib.contextmanager
    def claiming(self, held: str | None = None) -> Iterator[Claim]:
        """The claim of one transaction; the slots it took go back if the block fails.

        ``held``: the deployment key of a slot the caller gives up (see ``decide``); given
        back when the block ends if the claim does not hand it over (or is not called).
        """
        decisions: list[Decision] = []

        def claim(due: Sequence[Dispatch]) -> frozenset[str]:
            if decisions:
                raise RuntimeError("a transaction claims once")
            forbidden = frozenset(i.execution_id for i in due if not self._may_start(i))
            decisions.append(self.apply(decide(self._snapshot(tuple(due), held, forbidden))))
            return frozenset(item.execution_id for item in decisions[0].starts)

        try:
            yield claim
        except BaseException:  # nothing started: the claimed slots go back
            for item in decisions[0].starts if decisions else ():
                self.release(item.deployment_key)
            raise
        finally:
            if not decisions and held is not None:
                self.release(held)

    def apply(self, decision: Decision) -> Decision:
        """Record ``decision``: the slots it takes and gives back, what leaves the queue.

        The waiting executions it takes are handed out by the next ``take``."""
        for item in (*decision.taken, *decision.starts):
            if item is not decision.handed:
                self._used[item.deployment_key] += 1
        if decision.released is not None:
            self.release(decision.released)
        if decision.taken:
            taken = {item.execution_id for item in decision.taken}
            self._waiting = [item for item in self._waiting if item.execution_id not in taken]
            self._taken.extend(decision.taken)
        return decision

    def _snapshot(
        self,
        due: tuple[Dispatch, ...] = (),
        held: str | None = None,
        forbidden: frozenset[str] = frozenset(),
    ) -> SlotSnapshot:
        return SlotSnapshot(
            limit=self.limit,
            used=self._used,
            waiting=tuple(self._waiting),
            due=due,
            held=held,
            forbidden=forbidden,
            closed=self.closed,
        )
