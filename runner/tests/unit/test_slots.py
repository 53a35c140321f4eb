"""The slot ledger: the decisions it applies, and a transaction's claim and its rollback."""

from __future__ import annotations

import pytest

from flowloom.runner.application.slots import SlotLedger
from flowloom.runner.domain.dispatch import Dispatch


def item(execution_id: str, key: str = "k", run_id: str = "r") -> Dispatch:
    return Dispatch(run_id, execution_id, key)


def ids(items: list[Dispatch]) -> list[str]:
    return [i.execution_id for i in items]


def ledger(limit: int = 2, refused: frozenset[str] = frozenset()) -> SlotLedger:
    return SlotLedger(limit, lambda i: i.execution_id not in refused)


def test_takes_in_submission_order_and_holds_slots_until_released() -> None:
    slots = ledger()
    for name in ("e1", "e2", "e3"):
        slots.submit(item(name))
    assert ids(slots.take()) == ["e1", "e2"]
    assert ids(slots.take()) == []
    slots.release("k")
    assert ids(slots.take()) == ["e3"]
    assert slots.used("k") == 2
    assert len(slots) == 0


def test_ignores_a_submission_already_queued_and_drops_a_discarded_run() -> None:
    slots = ledger(limit=1)
    slots.submit(item("e1", run_id="r1"))
    assert not slots.submit(item("e1", run_id="r1"))
    slots.submit(item("e2", run_id="r2"))
    slots.discard_run("r1")
    assert "e1" not in slots
    assert len(slots) == 1
    assert ids(slots.take()) == ["e2"]


def test_refuses_limit_below_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        SlotLedger(0, lambda _: True)


def test_claim_takes_free_slots_unless_someone_waits_for_them() -> None:
    slots = ledger(limit=1)
    slots.submit(item("w", "b"))
    slots.take()  # w runs on b
    slots.submit(item("w2", "b"))  # b is full: w2 waits
    with slots.claiming() as claim:
        assert claim([item("e1", "a"), item("e2", "b"), item("e3", "a")]) == {"e1"}
    assert slots.used("a") == 1
    assert slots.used("b") == 1
    slots.release("b")
    assert ids(slots.take()) == ["w2"]


def test_claim_hands_the_held_slot_over_and_keeps_it_counted() -> None:
    slots = ledger(limit=1)
    slots.submit(item("e1", "a"))
    slots.take()
    slots.submit(item("other", "a"))  # waits for a
    with slots.claiming(held="a") as claim:
        assert claim([item("next", "a")]) == {"next"}
    assert slots.used("a") == 1
    assert ids(slots.take()) == []  # "other" still waits


def test_an_unclaimed_held_slot_goes_to_the_queue() -> None:
    slots = ledger(limit=1)
    slots.submit(item("e1", "a"))
    slots.take()
    slots.submit(item("other", "a"))
    with slots.claiming(held="a") as claim:
        assert claim([item("x", "b")]) == {"x"}
    assert ids(slots.take()) == ["other"]
    with slots.claiming(held="a"):
        pass  # not called: the held slot still goes back
    assert slots.used("a") == 0


def test_a_failed_transaction_gives_every_slot_back() -> None:
    slots = ledger(limit=1)
    slots.submit(item("e1", "a"))
    slots.take()

    def transaction() -> None:
        with slots.claiming(held="a") as claim:
            assert claim([item("next", "a"), item("x", "b")]) == {"next", "x"}
            raise RuntimeError("commit failed")

    with pytest.raises(RuntimeError, match="commit failed"):
        transaction()
    assert slots.used("a") == 0
    assert slots.used("b") == 0


def test_a_transaction_claims_once_and_respects_may_start() -> None:
    slots = ledger(refused=frozenset({"busy"}))
    with slots.claiming() as claim:
        assert claim([item("busy"), item("e1")]) == {"e1"}
        with pytest.raises(RuntimeError, match="claims once"):
            claim([item("e2")])
    assert slots.used("k") == 1


def test_a_closed_ledger_starts_nothing() -> None:
    slots = ledger()
    slots.submit(item("e1"))
    slots.closed = True
    assert ids(slots.take()) == []
    with slots.claiming() as claim:
        assert claim([item("e2")]) == frozenset()
    assert slots.used("k") == 0
    assert len(slots) == 1
