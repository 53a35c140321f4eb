"""The task of one dispatched execution: start its attempt, run it, record its outcome."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Protocol

from flowloom.runner.application.actions import run_attempt
from flowloom.runner.application.attempts import StartedAttempt
from flowloom.runner.application.outcomes import KeptOutcomes
from flowloom.runner.domain.dispatch import Dispatch
from flowloom.runner.domain.invocation import HeldOutcome
from flowloom.runner.domain.ports import ActionDeployer, ActionInvoker, DatabaseOutages

logger = logging.getLogger(__name__)


class TaskHost(Protocol):
    """What the task needs of the engine: one try of each transaction (under the run's lock,
    its progress followed); ``retrying`` says that a try before it failed."""

    outages: DatabaseOutages
    kept: KeptOutcomes

    @property
    def closed(self) -> bool: ...

    async def begin_once(self, item: Dispatch, retrying: bool) -> StartedAttempt | None: ...

    async def record_once(
        self, held: HeldOutcome, slot: str | None, retrying: bool, *, start_next: bool = True
    ) -> None: ...

    async def fail_once(self, item: Dispatch, message: str) -> None: ...

    async def tick(self, run_id: str) -> None: ...


@dataclass(eq=False)
class ExecutionTask:
    """Each transaction waits out a database outage; any other error of the runner fails the
    execution, never leaving it Running or Waiting for nothing. ``holding``: whether the
    task still holds its slot (until the outcome is in: the wrapper is then free)."""

    host: TaskHost
    deployer: ActionDeployer
    invoker: ActionInvoker
    item: Dispatch
    attempt: StartedAttempt | None
    holding: bool = field(init=False, default=True)

    async def run(self) -> None:
        item = self.item
        attempt = self.attempt or await self._begin()
        if attempt is None:
            await self.host.tick(item.run_id)
            return
        outcome = await run_attempt(self.deployer, self.invoker, attempt)
        # The wrapper is free: the slot goes to the run's next step, started with this
        # outcome, or back to the queue.
        self.holding = False
        number = attempt.request.attempt
        await self._record(HeldOutcome(item.run_id, item.execution_id, number, outcome))

    async def _begin(self) -> StartedAttempt | None:
        """The slot is held while the start waits for the database: it is the next to run."""
        item = self.item
        try:
            return await self.host.outages.run(
                lambda retrying: self.host.begin_once(item, retrying),
                "execution %s",
                item.execution_id,
            )
        except Exception as error:
            logger.exception("execution %s could not start", item.execution_id)
            await self._fail(f"the runner could not start the step ({_named(error)})")
            return None

    async def _record(self, held: HeldOutcome) -> None:
        """Kept in memory, and in the journal once the database refused it, until recorded.
        The slot goes with the first try only: a failed try gives it back to the queue, so
        none is held while the outcome waits."""
        slot, journaled = [self.item.deployment_key], False

        async def keep() -> None:
            nonlocal journaled
            journaled = await self.host.kept.hold(held)

        async def once(retrying: bool) -> None:
            await self.host.record_once(held, slot.pop() if slot else None, retrying)

        try:
            await self.host.outages.run(once, "execution %s", held.execution_id, on_outage=keep)
        except asyncio.CancelledError:
            if journaled and not self.host.closed:  # stopped by a cancel, not a shutdown
                await self.host.kept.release(held)
            raise
        except Exception:
            logger.exception("the outcome of execution %s was not recorded", held.execution_id)
            await self._record_alone(held)
        if journaled:
            await self.host.kept.release(held)

    async def _record_alone(self, held: HeldOutcome) -> None:
        """Recording the outcome with the start of the next steps failed: record it alone
        (the next steps start in their own tasks, where such an error fails them), or else
        fail the step."""
        try:
            await self.host.outages.run(
                lambda retrying: self.host.record_once(held, None, retrying, start_next=False),
                "execution %s",
                held.execution_id,
            )
        except Exception as error:
            logger.exception("the outcome of execution %s is lost", held.execution_id)
            await self._fail(f"the runner could not record the outcome ({_named(error)})")

    async def _fail(self, message: str) -> None:
        item = self.item
        try:
            await self.host.outages.run(
                lambda _: self.host.fail_once(item, message), "execution %s", item.execution_id
            )
        except Exception:
            logger.exception("execution %s could not be failed either", item.execution_id)


def _named(error: BaseException) -> str:
    """An error named by its type only: its text may quote SQL parameters (input values)."""
    return f"{type(error).__name__}; the runner's log has the details"
