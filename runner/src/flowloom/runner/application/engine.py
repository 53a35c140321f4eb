"""The execution engine: runs ready executions as asyncio tasks within per-action limits."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Iterable, Iterator

from flowloom.runner.application.locks import KeyedLocks
from flowloom.runner.application.policy import EnginePolicy
from flowloom.runner.application.scheduler import Attempt, Progress, RunScheduler
from flowloom.runner.domain.dispatch import Dispatch, DispatchQueue
from flowloom.runner.domain.errors import ActionStartFailed
from flowloom.runner.domain.invocation import ExecutionOutcome, Failed
from flowloom.runner.domain.ports import (
    Clock,
    ConditionEvaluator,
    FileStore,
    SecretResolver,
    UnitOfWork,
)
from flowloom.runner.domain.run import Run
from flowloom.runner.domain.runtime import ActionDeployer, ActionInvoker
from flowloom.runner.domain.workflow import WorkflowVersion

logger = logging.getLogger(__name__)


class ExecutionEngine:
    """Drives runs: infrastructure calls ``tick``, ``cancel``, ``recover`` and ``close``.

    Every change of one run goes through a per-run lock, so one runner process owns the runs
    in flight (the runner is a single process, as its warm pool is). Ready executions wait in
    a DispatchQueue (submission order, per action deployment limit); each dispatched one runs
    in its own task: start the attempt, take a warm wrapper, execute, record the outcome.
    Retries wait with ``Clock.sleep``; nothing polls.
    """

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        conditions: ConditionEvaluator,
        secrets: SecretResolver,
        files: FileStore,
        deployer: ActionDeployer,
        invoker: ActionInvoker,
        clock: Clock,
        policy: EnginePolicy | None = None,
    ) -> None:
        self._scheduler = RunScheduler(uow, conditions, secrets, files, clock)
        self._deployer = deployer
        self._invoker = invoker
        self._clock = clock
        self._queue = DispatchQueue((policy or EnginePolicy()).max_concurrent_per_action)
        self._lock = KeyedLocks()
        self._tasks: dict[str, tuple[str, asyncio.Task[None]]] = {}
        self._timers: dict[str, asyncio.Task[None]] = {}
        self._finished: dict[str, asyncio.Event] = {}
        self._closed = False

    async def tick(self, run_id: str) -> None:
        """Settle the run and dispatch what became ready."""
        with self._claiming() as claim:
            async with self._lock(run_id):
                progress = await self._scheduler.advance(run_id, claim=claim)
        self._follow(progress)

    async def on_outcome(
        self,
        run_id: str,
        execution_id: str,
        attempt: int,
        outcome: ExecutionOutcome,
        held: str | None = None,
    ) -> None:
        """Record an attempt's outcome and start what became due in the same transaction.

        ``held``: the deployment key of the slot the ended attempt held, given up here. A next
        step of the run on the same action deployment takes it over even when other runs'
        executions are queued for it (runs in flight finish before new ones take their
        place); otherwise it goes back to the queue.
        """
        with self._claiming(held) as claim:
            async with self._lock(run_id):
                progress = await self._scheduler.record(
                    run_id, execution_id, attempt, outcome, claim
                )
        self._follow(progress)

    @contextlib.asynccontextmanager
    async def starting(self, run: Run, version: WorkflowVersion) -> AsyncIterator[None]:
        """Settle a new run, and start its first steps, in the caller's unit of work.

        Use it around adding the run and committing: the run is created with its first
        steps Running in one transaction, and they are dispatched once the block ends.
        Nobody else knows the run before that commit, so no lock is needed.
        """
        with self._claiming() as claim:
            progress = await self._scheduler.settled(run, version, claim)
            yield
        self._follow(progress)

    @contextlib.contextmanager
    def _claiming(self, held: str | None = None) -> Iterator[Callable[[Dispatch], bool]]:
        """A ``claim`` for the scheduler; the slots it took go back if the block fails.

        ``held``: a slot of that deployment key the caller gives up; the first item of that
        key claimed takes it over, else it is released when the block ends.
        """
        claimed: list[Dispatch] = []
        spare = [held] if held is not None else []

        def claim(item: Dispatch) -> bool:
            handed = spare and item.deployment_key == spare[0]
            if handed and self._may_start(item) and item.execution_id not in self._queue:
                spare.clear()
                taken = True
            else:
                taken = self._claim(item)
            if taken:
                claimed.append(item)
            return taken

        try:
            yield claim
        except BaseException:  # nothing started: the claimed slots go back
            for item in claimed:
                self._queue.release(item.deployment_key)
            raise
        finally:
            for key in spare:
                self._queue.release(key)

    async def cancel(self, project_id: str, run_id: str) -> None:
        """Cancel a run of the project and stop its running executions (no-op if finished)."""
        async with self._lock(run_id):
            progress = await self._scheduler.cancel(run_id, project_id)
        self._follow(progress)

    async def recover(self) -> int:
        """At start: attempts lost in a restart fail (and retry), then every run resumes."""
        run_ids = await self._scheduler.unfinished()
        for run_id in run_ids:
            async with self._lock(run_id):
                progress = await self._scheduler.advance(run_id, recovering=True)
            self._follow(progress)
        return len(run_ids)

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
        self._closed = True
        tasks = [task for _, task in self._tasks.values()] + list(self._timers.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    @property
    def running(self) -> int:
        return len(self._tasks)

    def _claim(self, item: Dispatch) -> bool:
        """Take a slot for ``item`` now, if free and no earlier item waits for one."""
        return self._may_start(item) and self._queue.claim(item)

    def _may_start(self, item: Dispatch) -> bool:
        """Not closed, and no other task runs ``item``'s execution (the queue's own claim
        checks that it is not queued already)."""
        _, task = self._tasks.get(item.execution_id, (None, None))
        mine = task is None or task is asyncio.current_task()
        return not self._closed and mine

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
                self._queue.submit(item)
        self._wake_at(progress)
        self._dispatch()

    def _forget(self, run_id: str) -> None:
        self._queue.discard_run(run_id)
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
            delay = (progress.wake_at - self._clock.now()).total_seconds()
            self._timers[progress.run_id] = asyncio.create_task(self._wake(progress.run_id, delay))

    async def _wake(self, run_id: str, delay: float) -> None:
        await self._clock.sleep(max(0.0, delay))
        if self._timers.get(run_id) is asyncio.current_task():
            del self._timers[run_id]
        await self.tick(run_id)

    def _dispatch(self) -> None:
        if self._closed:
            return
        for item in self._queue.take():
            self._spawn(item, None)

    def _spawn(self, item: Dispatch, attempt: Attempt | None) -> None:
        """Run ``item`` in its own task, holding its slot; ``attempt``: already started."""
        task = asyncio.create_task(self._execute(item, attempt))
        self._tasks[item.execution_id] = (item.run_id, task)
        task.add_done_callback(_log_failure)

    async def _execute(self, item: Dispatch, attempt: Attempt | None) -> None:
        holding = True
        try:
            if attempt is None:
                async with self._lock(item.run_id):
                    attempt = await self._scheduler.begin_attempt(item.run_id, item.execution_id)
            if attempt is None:
                await self.tick(item.run_id)
                return
            outcome = await self._invoke(attempt)
            # The wrapper is free: its slot goes to the run's next step, started with this
            # outcome, or back to the queue.
            holding = False
            await self.on_outcome(
                item.run_id,
                item.execution_id,
                attempt.request.attempt,
                outcome,
                held=item.deployment_key,
            )
        finally:
            if holding:
                self._queue.release(item.deployment_key)
            if self._tasks.get(item.execution_id, (None, None))[1] is asyncio.current_task():
                del self._tasks[item.execution_id]
            self._dispatch()

    async def _invoke(self, attempt: Attempt) -> ExecutionOutcome:
        try:
            handle = await self._deployer.ensure(attempt.deployment)
        except ActionStartFailed as error:
            action = attempt.deployment.action.action_id
            return Failed(f"action '{action}' could not start: {error.message}")
        try:
            return await self._invoker.execute(handle, attempt.request)
        except Exception as error:  # the port must not raise; never leave an execution Running
            logger.exception("action invoker raised")
            return Failed(f"the runner could not run the action: {error}")
        finally:
            await self._deployer.release(handle)


def _log_failure(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("execution task failed", exc_info=task.exception())
