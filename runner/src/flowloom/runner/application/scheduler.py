"""The transactional steps of running a run: one unit of work each, serialised per run."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from flowloom.runner.application.attempts import AttemptStarter, StartedAttempt
from flowloom.runner.application.slots import Claim, never
from flowloom.runner.domain.dispatch import Dispatch
from flowloom.runner.domain.errors import ConditionFailed, NotFound
from flowloom.runner.domain.execution import Execution, ExecutionState
from flowloom.runner.domain.invocation import (
    ExecutionOutcome,
    HeldOutcome,
    processor_deployment,
)
from flowloom.runner.domain.ports import Clock, ConditionEvaluator, UnitOfWork
from flowloom.runner.domain.run import Run
from flowloom.runner.domain.scheduling import (
    Verdict,
    advance,
    condition_context,
    conditions_due,
    fail_step,
    interrupt_running,
    record_outcome,
    take_back_unsent,
)
from flowloom.runner.domain.workflow import WorkflowVersion

# Which Running executions of a run were never sent to a wrapper (see RunScheduler.record).
Unsent = Callable[[str], bool] | None


@dataclass(frozen=True)
class Progress:
    """What the engine does next for a run: queue ``ready``, run ``started`` (their slot is
    claimed; an attempt of None could not start), wake at ``wake_at``, stop tasks."""

    run_id: str
    finished: bool
    ready: tuple[Dispatch, ...] = ()
    wake_at: datetime | None = None
    stop: tuple[str, ...] = ()
    started: tuple[tuple[Dispatch, StartedAttempt | None], ...] = field(default=())


@dataclass(eq=False)
class RunScheduler:
    """Applies the scheduling rules to stored runs; the caller serialises calls per run.

    A run that no longer exists (project deleted) reads as finished.
    """

    uow: Callable[[], UnitOfWork]
    conditions: ConditionEvaluator
    attempts: AttemptStarter
    clock: Clock

    async def unfinished(self) -> list[str]:
        async with self.uow() as uow:
            return [run.id for run in await uow.runs.list_unfinished()]

    async def is_finished(self, run_id: str) -> bool:
        async with self.uow() as uow:
            run = await uow.runs.get(run_id)
        return run is None or run.state.finished

    async def advance(
        self,
        run_id: str,
        *,
        recovering: Iterable[HeldOutcome] | None = None,
        claim: Claim = never,
        unsent: Unsent = None,
    ) -> Progress:
        """Settle what can be settled. ``recovering`` (at start): record these outcomes kept
        through a restart, then fail the attempts the restart lost; ``unsent``: see
        ``record``.

        The due executions ``claim`` takes a slot for start their attempt in the same
        transaction.
        """
        async with self.uow() as uow:
            loaded = await self._load(uow, run_id, unsent)
            if loaded is None:
                return Progress(run_id, finished=True)
            run, version = loaded
            if recovering is not None:
                now = self.clock.now()
                for held in recovering:
                    record_outcome(run, version, held.execution_id, held.attempt, held.outcome, now)
                interrupt_running(run, version, now)
            progress = await self.settled(run, version, claim)
            await uow.commit()
        return progress

    async def settled(
        self,
        run: Run,
        version: WorkflowVersion,
        claim: Claim,
        running: frozenset[str] = frozenset(),
    ) -> Progress:
        """Settle ``run`` in the caller's unit of work (committed by the caller) and start the
        due executions ``claim`` takes a slot for; ``running``: executions running before."""
        due = await self._advance(run, version)
        items = [self._dispatch(run, version, execution) for execution in due]
        claimed = claim(items) if items and not run.state.finished else frozenset()
        started: list[tuple[Dispatch, StartedAttempt | None]] = []
        ready: list[Dispatch] = []
        for execution, item in zip(due, items, strict=True):
            if item.execution_id in claimed:
                started.append((item, await self.attempts.start(run, version, execution)))
            else:
                ready.append(item)
        progress = self._progress(run, ready, stop=set(running) - _running(run))
        return replace(progress, started=tuple(started))

    async def _advance(self, run: Run, version: WorkflowVersion) -> list[Execution]:
        """Advance ``run``, evaluating the conditions that come due on the way (the evaluator
        works off the event loop, within its time budget)."""
        verdicts: dict[str, Verdict] = {}
        due = advance(run, version, verdicts, self.clock.now())
        while awaiting := conditions_due(run, version, verdicts):
            context = condition_context(run)
            for execution in awaiting:
                when = version.step(execution.step_id).when
                verdicts[execution.id] = await self._verdict(when, context)
            due = advance(run, version, verdicts, self.clock.now())
        return due

    async def _verdict(self, expression: str, context: dict[str, object]) -> Verdict:
        try:
            return await self.conditions.evaluate(expression, context)
        except ConditionFailed as error:
            return error

    async def record(
        self,
        run_id: str,
        execution_id: str,
        attempt: int,
        outcome: ExecutionOutcome,
        claim: Claim = never,
        unsent: Unsent = None,
    ) -> Progress:
        """Apply an attempt's outcome (stale outcomes are ignored) and settle the run.

        The due executions ``claim`` takes a slot for start their attempt in the same
        transaction: one commit says "this step ended, the next one started". ``unsent``
        (when trying again after a transaction of the run that failed): Running executions
        it holds true for were started by that transaction, whose commit went through
        although its answer was lost, and never sent: they start again.
        """
        async with self.uow() as uow:
            loaded = await self._load(uow, run_id, unsent)
            if loaded is None:
                return Progress(run_id, finished=True)
            run, version = loaded
            running = frozenset(_running(run) - {execution_id})
            record_outcome(run, version, execution_id, attempt, outcome, self.clock.now())
            progress = await self.settled(run, version, claim, running)
            await uow.commit()
        return progress

    async def fail(self, run_id: str, execution_id: str, message: str) -> Progress:
        """The runner itself cannot go on with the execution: it fails with ``message`` (not
        retried: what failed would fail again), and the run is settled."""
        async with self.uow() as uow:
            loaded = await self._load(uow, run_id)
            if loaded is None:
                return Progress(run_id, finished=True)
            run, version = loaded
            execution = run.execution(execution_id)
            running = frozenset(_running(run) - {execution_id})
            if not run.state.finished and not execution.state.finished:
                fail_step(run, version, execution, message, self.clock.now())
            progress = await self.settled(run, version, never, running)
            await uow.commit()
        return progress

    async def cancel(self, run_id: str, project_id: str) -> Progress:
        """Cancel the run of ``project_id`` (NotFound for another project's run)."""
        async with self.uow() as uow:
            loaded = await self._load(uow, run_id)
            if loaded is None or loaded[0].project_id != project_id:
                raise NotFound("run not found")
            run = loaded[0]
            stop = run.cancel(self.clock.now())
            await uow.commit()
        return self._progress(run, [], stop=set(stop))

    async def begin_attempt(
        self, run_id: str, execution_id: str, unsent: Unsent = None
    ) -> StartedAttempt | None:
        """Resolve inputs and mark Running; None when it must not run (the run moved on).

        ``unsent``: see ``record``.
        """
        async with self.uow() as uow:
            loaded = await self._load(uow, run_id, unsent)
            if loaded is None:
                return None
            run, version = loaded
            execution = run.execution(execution_id)
            if run.state.finished or not execution.is_due(self.clock.now()):
                return None
            attempt = await self.attempts.start(run, version, execution)
            await uow.commit()
        return attempt

    async def _load(
        self, uow: UnitOfWork, run_id: str, unsent: Unsent = None
    ) -> tuple[Run, WorkflowVersion] | None:
        """The run and its version, None when gone; ``unsent``: see ``record``."""
        run = await uow.runs.get(run_id)
        version = await uow.versions.get(run.workflow_version_id) if run else None
        if run is None or version is None:
            return None
        if unsent is not None:
            take_back_unsent(run, unsent)
        return run, version

    def _progress(
        self,
        run: Run,
        ready: list[Dispatch],
        stop: set[str] | None = None,
    ) -> Progress:
        return Progress(
            run_id=run.id,
            finished=run.state.finished,
            ready=tuple(ready),
            wake_at=run.next_wakeup(self.clock.now()),
            stop=tuple(sorted(stop or ())),
        )

    @staticmethod
    def _dispatch(run: Run, version: WorkflowVersion, execution: Execution) -> Dispatch:
        action = version.step(execution.step_id).action
        key = processor_deployment(run.project_id, run.workflow_id, action).key
        return Dispatch(run.id, execution.id, key)


def _running(run: Run) -> set[str]:
    return {e.id for e in run.executions if e.state is ExecutionState.RUNNING}
