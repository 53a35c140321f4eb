"""The dispatch decision: which ready executions start, on which slot, and what waits."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from flowloom.runner.domain.dispatch import Dispatch, SlotSnapshot, decide


def item(name: str) -> Dispatch:
    """``"e1@a"``: execution e1 on deployment a (run r)."""
    execution_id, _, key = name.partition("@")
    return Dispatch("r", execution_id, key or "k")


@dataclass(frozen=True)
class Case:
    limit: int = 2
    used: dict[str, int] = field(default_factory=dict)
    waiting: str = ""
    due: str = ""
    held: str | None = None
    forbidden: str = ""
    closed: bool = False
    # Expected: execution ids, space-separated.
    taken: str = ""
    starts: str = ""
    handed: str | None = None
    waits: str = ""
    released: str | None = None

    def snapshot(self) -> SlotSnapshot:
        return SlotSnapshot(
            limit=self.limit,
            used=self.used,
            waiting=tuple(item(n) for n in self.waiting.split()),
            due=tuple(item(n) for n in self.due.split()),
            held=self.held,
            forbidden=frozenset(self.forbidden.split()),
            closed=self.closed,
        )


CASES = {
    "nothing asks, nothing starts": Case(),
    "waiting take free slots in order up to the limit": Case(waiting="e1 e2 e3", taken="e1 e2"),
    "a full deployment takes nothing": Case(used={"k": 2}, waiting="e1"),
    "a full deployment does not hold back another one": Case(
        limit=1, waiting="e1@a e2@a e3@b", taken="e1@a e3@b"
    ),
    "used slots count against the limit": Case(used={"a": 1}, waiting="e1@a e2@a", taken="e1"),
    "due start on free slots": Case(due="e1 e2", starts="e1 e2"),
    "due beyond the limit wait": Case(due="e1 e2 e3", starts="e1 e2", waits="e3"),
    "due wait while an execution waits for their deployment": Case(
        used={"a": 2}, waiting="e1@a", due="e2@a", waits="e2"
    ),
    "due of a deployment nobody waits for start": Case(
        used={"a": 2}, waiting="e1@a", due="e2@b", starts="e2"
    ),
    "waiting come before due on the same slot": Case(
        limit=1, waiting="e1@a", due="e2@a", taken="e1", waits="e2"
    ),
    "the held slot is handed to a due execution of its deployment": Case(
        used={"a": 2}, due="e1@a", held="a", starts="e1", handed="e1"
    ),
    "the held slot goes before waiting executions": Case(
        used={"a": 2}, waiting="e2@a", due="e1@a", held="a", starts="e1", handed="e1"
    ),
    "one due execution takes the held slot, the next needs a free one": Case(
        used={"a": 2}, due="e1@a e2@a", held="a", starts="e1", handed="e1", waits="e2"
    ),
    "an unused held slot is given back": Case(
        used={"a": 1}, due="e1@b", held="a", starts="e1", released="a"
    ),
    "a due execution another task runs waits": Case(
        due="e1 e2", forbidden="e1", starts="e2", waits="e1"
    ),
    "a forbidden execution does not take the held slot": Case(
        used={"a": 1}, due="e1@a", held="a", forbidden="e1", waits="e1", released="a"
    ),
    "a due execution queued already waits": Case(
        used={"a": 2}, waiting="e1@a", due="e1@a", held="a", waits="e1", released="a"
    ),
    "a closed engine starts nothing and gives the held slot back": Case(
        waiting="e1", due="e2", held="k", closed=True, waits="e2", released="k"
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_decides(case: Case) -> None:
    decision = decide(case.snapshot())

    def names(items: tuple[Dispatch, ...]) -> str:
        return " ".join(i.execution_id for i in items)

    assert names(decision.taken) == " ".join(n.partition("@")[0] for n in case.taken.split())
    assert names(decision.starts) == case.starts
    assert (decision.handed.execution_id if decision.handed else None) == case.handed
    assert names(decision.waits) == case.waits
    assert decision.released == case.released


def test_reads_the_snapshot_without_changing_it() -> None:
    used = {"a": 1}
    decide(SlotSnapshot(limit=2, used=used, waiting=(item("e1@a"),), due=(item("e2@a"),)))
    assert used == {"a": 1}
