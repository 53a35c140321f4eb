"""The dispatch queue: submission order within per-deployment concurrency limits."""

from __future__ import annotations

import pytest

from flowloom.runner.domain.dispatch import Dispatch, DispatchQueue


def item(execution_id: str, key: str = "k", run_id: str = "r") -> Dispatch:
    return Dispatch(run_id, execution_id, key)


def ids(items: list[Dispatch]) -> list[str]:
    return [i.execution_id for i in items]


def test_takes_in_submission_order_up_to_limit_when_deployment_is_shared() -> None:
    queue = DispatchQueue(max_concurrent=2)
    for name in ("e1", "e2", "e3"):
        queue.submit(item(name))
    assert ids(queue.take()) == ["e1", "e2"]
    assert ids(queue.take()) == []
    queue.release("k")
    assert ids(queue.take()) == ["e3"]


def test_lets_other_deployments_pass_when_one_is_full() -> None:
    queue = DispatchQueue(max_concurrent=1)
    for name, key in (("e1", "a"), ("e2", "a"), ("e3", "b")):
        queue.submit(item(name, key))
    assert ids(queue.take()) == ["e1", "e3"]
    assert queue.busy("a") == queue.busy("b") == 1


def test_ignores_submission_when_execution_is_already_queued() -> None:
    queue = DispatchQueue(max_concurrent=1)
    queue.submit(item("e1", "a"))
    queue.submit(item("e2", "a"))
    assert not queue.submit(item("e2", "a"))
    assert len(queue) == 2
    assert "e2" in queue


def test_drops_queued_items_when_run_is_discarded() -> None:
    queue = DispatchQueue()
    queue.submit(item("e1", run_id="r1"))
    queue.submit(item("e2", run_id="r2"))
    queue.discard_run("r1")
    assert ids(queue.take()) == ["e2"]


def test_refuses_limit_when_below_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        DispatchQueue(max_concurrent=0)


def test_claims_free_slot_only_when_nothing_waits_for_the_deployment() -> None:
    queue = DispatchQueue(max_concurrent=2)
    assert queue.claim(item("e1", "a"))
    queue.submit(item("e2", "b"))
    assert queue.claim(item("e3", "a"))
    assert not queue.claim(item("e4", "a"))  # full
    queue.release("a")
    assert not queue.claim(item("e5", "b"))  # e2 waits for "b": it comes first
    assert ids(queue.take()) == ["e2"]
    assert queue.busy("a") == 1
