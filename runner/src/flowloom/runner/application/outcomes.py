"""Outcomes kept outside the database while it cannot record them (the outcome journal)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flowloom.runner.domain.invocation import HeldOutcome
from flowloom.runner.domain.ports import OutcomeJournal

logger = logging.getLogger(__name__)


@dataclass(eq=False)
class KeptOutcomes:
    """The engine's side of an optional journal: a journal that fails is logged, never
    raised, since the outcome is still in memory (only a restart would lose it)."""

    journal: OutcomeJournal | None

    async def hold(self, held: HeldOutcome) -> bool:
        """Whether ``held`` is in the journal now (to ``release`` once recorded)."""
        if self.journal is None:
            return False
        try:
            await self.journal.hold(held)
        except Exception:
            logger.exception(
                "the outcome of execution %s is kept in memory only", held.execution_id
            )
            return False
        return True

    async def release(self, held: HeldOutcome) -> None:
        if self.journal is None:
            return
        try:
            await self.journal.release(held)
        except Exception:  # the next start records it again, as a stale outcome: no harm
            logger.exception("the journal kept the outcome of execution %s", held.execution_id)

    async def by_run(self) -> dict[str, list[HeldOutcome]]:
        """What the journal kept through a restart, by run, oldest first."""
        kept = await self.journal.held() if self.journal is not None else []
        runs: dict[str, list[HeldOutcome]] = {}
        for held in kept:
            runs.setdefault(held.run_id, []).append(held)
        return runs
