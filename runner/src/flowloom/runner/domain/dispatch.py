"""Which ready executions start now: a pure decision over a snapshot of the slots.

Every action deployment has ``limit`` slots (one warm wrapper each). An execution that is
due either starts at once, in the transaction that made it due (``due``), or waits in the
engine's queue (``waiting``) until a slot of its deployment is free. The rules, in order:

1. A closed engine starts nothing: what is due waits, a held slot is given back.
2. Waiting executions come first, oldest first: each takes a free slot of its deployment.
   A full deployment does not hold back those of other deployments behind it.
3. A due execution may not start when another task runs it (``forbidden``), or when it is
   queued already: it waits.
4. ``held``: the deployment key of the slot an ended attempt gives up. The first due
   execution of that key takes it over, even when others wait for that deployment (a run
   in flight finishes before new ones take its place). Unused, it is given back.
5. Otherwise a due execution takes a free slot, unless an execution waits for its
   deployment (those come first): then it waits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_MAX_CONCURRENT = 4


@dataclass(frozen=True)
class Dispatch:
    """A ready execution, and the action deployment whose slot it needs."""

    run_id: str
    execution_id: str
    deployment_key: str


@dataclass(frozen=True)
class SlotSnapshot:
    """What the decision reads: slots in use per deployment key and what asks for one."""

    limit: int
    used: Mapping[str, int] = field(default_factory=dict)
    waiting: tuple[Dispatch, ...] = ()
    due: tuple[Dispatch, ...] = ()
    held: str | None = None
    forbidden: frozenset[str] = frozenset()
    closed: bool = False


@dataclass(frozen=True)
class Decision:
    """``taken``: waiting executions that start (each on a free slot); ``starts``: due ones
    that start in the transaction (``handed`` the one that takes the held slot over);
    ``waits``: due ones to queue; ``released``: the key of the held slot, given back."""

    taken: tuple[Dispatch, ...] = ()
    starts: tuple[Dispatch, ...] = ()
    handed: Dispatch | None = None
    waits: tuple[Dispatch, ...] = ()
    released: str | None = None


def decide(snapshot: SlotSnapshot) -> Decision:
    """Apply the rules of this module to ``snapshot``."""
    held = snapshot.held
    if snapshot.closed:
        return Decision(waits=snapshot.due, released=held)
    used = Counter(snapshot.used)
    taken: list[Dispatch] = []
    blocked: set[str] = set()  # deployment keys an execution still waits for
    queued: set[str] = set()
    for item in snapshot.waiting:
        queued.add(item.execution_id)
        if used[item.deployment_key] < snapshot.limit:
            used[item.deployment_key] += 1
            taken.append(item)
        else:
            blocked.add(item.deployment_key)
    starts: list[Dispatch] = []
    waits: list[Dispatch] = []
    handed: Dispatch | None = None
    for item in snapshot.due:
        key = item.deployment_key
        if item.execution_id in snapshot.forbidden or item.execution_id in queued:
            waits.append(item)
        elif handed is None and key == held:
            handed = item
            starts.append(item)
        elif key not in blocked and used[key] < snapshot.limit:
            used[key] += 1
            starts.append(item)
        else:
            waits.append(item)
    return Decision(
        taken=tuple(taken),
        starts=tuple(starts),
        handed=handed,
        waits=tuple(waits),
        released=held if handed is None else None,
    )
