"""The execution engine: runs ready executions as asyncio tasks within per-action limits."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

from flowloom.runner.application.attempts import AttemptStarter, StartedAttempt
from flowloom.runner.application.execution_task import ExecutionTask
from flowloom.runner.application.outcomes import KeptOutcomes
from flowloom.runner.application.policy import EnginePolicy
from flowloom.runner.application.scheduler import Progress, RunScheduler, Unsent
from flowloom.runner.application.slots import SlotLedger, never
from flowloom.runner.domain.dispatch import Dispatch
from flowloom.runner.domain.invocation import HeldOutcome
from flowloom.runner.domain.ports import (
    ActionDeployer,
    ActionInvoker,
    Clock,
    ConditionEvaluator,
    DatabaseOutages,
    FileStore,
    NoOutages,
    OutcomeJournal,
    SecretResolver,
    UnitOfWork,
)
from flowloom.runner.domain.run import Run
from flowloom.runner.domain.workflow import WorkflowVersion
from flowloom.servicekit.kernel import KeyedLocks

logger = logging.getLogger(__name__)


@dataclass(eq=False)
class ExecutionEngine:
    """Drives runs: infrastructure calls ``tick``, ``cancel``, ``recover`` and ``close``.

    Every change of one run goes through a per-run lock, so one runner process owns the runs
    in flight (the runner is a single process, as its warm pool is). Ready executions wait in
    the SlotLedger (submission order, per action deployment limit); each dispatched one runs
    in its own task: start the attempt, take a warm wrapper, execute, record the outcome.
    Retries wait with ``Clock.sleep``; nothing polls.

    Every transaction the engine runs on its own behalf waits out a database outage
    (``outages``): an outcome is kept in memory, and in the ``journal`` once the database
    has refused it, until it is recorded. A try cut off by an outage may have committed
    without its answer coming back: the next try of a transaction of that run takes back
    the attempts such a commit started, which no wrapper got (see ``RunScheduler.record``).
    """

    uow: Callable[[], UnitOfWork]
    conditions: ConditionEvaluator
    secrets: SecretResolver
    files: FileStore
    deployer: ActionDeployer
    invoker: ActionInvoker
    clock: Clock
    policy: EnginePolicy = field(default_factory=EnginePolicy)
    _: KW_ONLY
    outages: DatabaseOutages = field(default_factory=NoOutages)
    journal: OutcomeJournal | None = None
    kept: KeptOutcomes = field(init=False)
    _scheduler: RunScheduler = field(init=False)
    _slots: SlotLedger = field(init=False)
    _lock: KeyedLocks = field(init=False, default_factory=KeyedLocks)
    _tasks: dict[str, tuple[str, asyncio.Task[None]]] = field(init=False, default_factory=dict)
    _timers: dict[str, asyncio.Task[None]] = field(init=False, default_factory=dict)
    _finished: dict[str, asyncio.Event] = field(init=False, default_factory=dict)
    # Executions whose started attempt a task of this engine holds (sent, or about to be),
    # and that task: a retry started in the transaction that ended an attempt runs in a
    # new task while the old one finishes.
    _in_hand: dict[str, asyncio.Task[None]] = field(init=False, default_factory=dict)
    _background: set[asyncio.Task[None]] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        attempts = AttemptStarter(self.secrets, self.files, self.clock)
        self._scheduler = RunScheduler(self.uow, self.conditions, attempts, self.clock)
        self.kept = KeptOutcomes(self.journal)
        self._slots = SlotLedger(self.policy.max_concurrent_per_action, self._may_start)

    async def tick(self, run_id: str) -> None:
        """Settle the run and dispatch what became ready (waits out a database outage)."""
        await self.outages.run(lambda retrying: self._advance(run_id, retrying), "run %s", run_id)

    async def _advance(self, run_id: str, retrying: bool) -> None:
        with self._slots.claiming() as claim:
            async with self._lock(run_id):
                unsent = self._unsent(retrying)
                progress = await self._scheduler.advance(run_id, claim=claim, unsent=unsent)
        self._follow(progress)

    def _unsent(self, retrying: bool) -> Unsent:
        """On a retry: Running executions no task of this engine holds were started by the
        failed try's commit (its answer lost) and are taken back."""
        return (lambda execution_id: execution_id not in self._in_hand) if retrying else None

    @contextlib.asynccontextmanager
    async def starting(self, run: Run, version: WorkflowVersion) -> AsyncIterator[None]:
        """Settle a new run, and start its first steps, in the caller's unit of work.

        Use it around adding the run and committing: the run is created with its first
        steps Running in one transaction, and they are dispatched once the block ends.
        Nobody else knows the run before that commit, so no lock is needed. When the block
        fails for an outage, its commit may still have gone through: the run is settled
        again once the database answers (a run that is not there is left alone).
        """
        with self._slots.claiming() as claim:
            progress = await self._scheduler.settled(run, version, claim)
            try:
                yield
            except Exception as error:
                if self.outages.unavailable(error):
                    self._in_background(self._advance_again(run.id))
                raise
        self._follow(progress)

    async def _advance_again(self, run_id: str) -> None:
        await self.outages.run(lambda _: self._advance(run_id, retrying=True), "run %s", run_id)

    async def cancel(self, project_id: str, run_id: str) -> None:
        """Cancel a run of the project and stop its running executions (no-op if finished)."""
        async with self._lock(run_id):
            progress = await self._scheduler.cancel(run_id, project_id)
        self._follow(progress)

    async def recover(self) -> int:
        """At start: the outcomes the journal kept through the restart are recorded, the
        attempts the restart lost fail (and retry), then every run resumes. Waits for the
        database; a run that cannot be resumed for another reason is logged and skipped."""
        outcomes = await self.kept.by_run()
        run_ids = await self.outages.run(lambda _: self._scheduler.unfinished(), "recovery")
        for run_id in run_ids:
            await self._resume(run_id, outcomes.get(run_id, []))
        kept = [held for run in outcomes.values() for held in run]
        for held in kept:  # recorded, or stale (their run ended, or was not resumed)
            await self.kept.release(held)
        if kept:
            logger.warning("recorded the %d outcome(s) kept through the restart", len(kept))
        return len(run_ids)

    async def _resume(self, run_id: str, outcomes: list[HeldOutcome]) -> None:
        # No attempt starts in this transaction: trying it again fails only what the restart
        # left Running.
        async def once(_: bool) -> None:
            async with self._lock(run_id):
                progress = await self._scheduler.advance(run_id, recovering=outcomes)
            self._follow(progress)

        try:
            await self.outages.run(once, "run %s", run_id)
        except Exception:
            logger.exception("run %s could not be resumed after the restart", run_id)

    async def wait_until_finished(self, run_id: str) -> None:
        """Return once the run is Completed, Error or Canceled (for synchronous webhooks)."""
        event = self._finished.setdefault(run_id, asyncio.Event())
        if await self._scheduler.is_finished(run_id):
            self._finished.pop(run_id, None)
            return
        await event.wait()

    def abandon(self, run_ids: Iterable[str]) -> None:
        """Forget runs whose data is gone: stop their tasks and timers, touch no storage."""
        for run_id in run_ids:
            self._forget(run_id)
            self._stop(e for e, (r, _) in list(self._tasks.items()) if r == run_id)

    async def close(self) -> None:
        """Stop every task; executions left Running are recovered at the next start."""
        self._slots.closed = True
        tasks = [task for _, task in self._tasks.values()]
        tasks += [*self._timers.values(), *self._background]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    @property
    def running(self) -> int:
        return len(self._tasks)

    def _may_start(self, item: Dispatch) -> bool:
        """No other task runs ``item``'s execution."""
        _, task = self._tasks.get(item.execution_id, (None, None))
        return task is None or task is asyncio.current_task()

    def _follow(self, progress: Progress) -> None:
        self._stop(progress.stop)
        for item, attempt in progress.started:
            self._spawn(item, attempt)
        if progress.finished:
            self._forget(progress.run_id)
            return
        for item in progress.ready:
            # From inside an execution's own task, a retry due at once is queued again.
            _, task = self._tasks.get(item.execution_id, (None, None))
            if task is None or task is asyncio.current_task():
                self._slots.submit(item)
        self._wake_at(progress)
        self._dispatch()

    def _forget(self, run_id: str) -> None:
        self._slots.discard_run(run_id)
        timer = self._timers.pop(run_id, None)
        if timer is not None:
            timer.cancel()
        self._lock.forget(run_id)
        event = self._finished.pop(run_id, None)
        if event is not None:
            event.set()

    def _stop(self, execution_ids: Iterable[str]) -> None:
        for execution_id in execution_ids:
            _, task = self._tasks.get(execution_id, (None, None))
            if task is not None and task is not asyncio.current_task():
                task.cancel()

    def _wake_at(self, progress: Progress) -> None:
        timer = self._timers.pop(progress.run_id, None)
        if timer is not None and timer is not asyncio.current_task():
            timer.cancel()
        if progress.wake_at is not None:
            delay = (progress.wake_at - self.clock.now()).total_seconds()
            self._timers[progress.run_id] = asyncio.create_task(self._wake(progress.run_id, delay))

    async def _wake(self, run_id: str, delay: float) -> None:
        await self.clock.sleep(max(0.0, delay))
        if self._timers.get(run_id) is asyncio.current_task():
            del self._timers[run_id]
        await self.tick(run_id)

    def _dispatch(self) -> None:
        for item in self._slots.take():
            self._spawn(item, None)

    def _spawn(self, item: Dispatch, attempt: StartedAttempt | None) -> None:
        """Run ``item`` in its own task, holding its slot; ``attempt``: already started."""
        task = asyncio.create_task(self._execute(item, attempt))
        self._tasks[item.execution_id] = (item.run_id, task)
        if attempt is not None:
            self._in_hand[item.execution_id] = task
        task.add_done_callback(_log_failure)

    def _in_background(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(work)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        task.add_done_callback(_log_failure)

    async def _execute(self, item: Dispatch, attempt: StartedAttempt | None) -> None:
        task = ExecutionTask(self, self.deployer, self.invoker, item, attempt)
        try:
            await task.run()
        finally:
            if self._in_hand.get(item.execution_id) is asyncio.current_task():
                del self._in_hand[item.execution_id]
            if task.holding:
                self._slots.release(item.deployment_key)
            if self._tasks.get(item.execution_id, (None, None))[1] is asyncio.current_task():
                del self._tasks[item.execution_id]
            self._dispatch()

    # One try of each transaction of an execution's task (TaskHost).

    @property
    def closed(self) -> bool:
        return self._slots.closed

    async def begin_once(self, item: Dispatch, retrying: bool) -> StartedAttempt | None:
        async with self._lock(item.run_id):
            attempt = await self._scheduler.begin_attempt(
                item.run_id, item.execution_id, self._unsent(retrying)
            )
            task = asyncio.current_task()
            if attempt is not None and task is not None:
                self._in_hand[item.execution_id] = task
        return attempt

    async def record_once(
        self, held: HeldOutcome, slot: str | None, retrying: bool, *, start_next: bool = True
    ) -> None:
        """Record an attempt's outcome and start what became due in the same transaction
        (unless not ``start_next``).

        ``slot``: the deployment key of the slot the ended attempt held, given up here. A next
        step of the run on the same action deployment takes it over even when other runs'
        executions are queued for it (runs in flight finish before new ones take their
        place); otherwise it goes back to the queue.
        """
        with self._slots.claiming(slot) as claim:
            async with self._lock(held.run_id):
                progress = await self._scheduler.record(
                    held.run_id,
                    held.execution_id,
                    held.attempt,
                    held.outcome,
                    claim if start_next else never,
                    self._unsent(retrying),
                )
        self._follow(progress)

    async def fail_once(self, item: Dispatch, message: str) -> None:
        async with self._lock(item.run_id):
            progress = await self._scheduler.fail(item.run_id, item.execution_id, message)
        self._follow(progress)


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("execution task failed", exc_info=task.exception())
