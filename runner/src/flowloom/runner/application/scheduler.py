"""The transactional steps of running a run: one unit of work each, serialised per run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from flowloom.runner.domain.dispatch import Dispatch
from flowloom.runner.domain.errors import InputUnresolved, NotFound
from flowloom.runner.domain.execution import Execution, ExecutionState
from flowloom.runner.domain.files import output_key
from flowloom.runner.domain.inputs import resolve_inputs, secret_names, without_secrets
from flowloom.runner.domain.invocation import (
    ActionDeployment,
    ExecutionOutcome,
    ExecutionRequest,
    FileTarget,
    processor_deployment,
)
from flowloom.runner.domain.ports import (
    Clock,
    ConditionEvaluator,
    FileStore,
    SecretResolver,
    UnitOfWork,
)
from flowloom.runner.domain.run import Run
from flowloom.runner.domain.scheduling import advance, fail_step, interrupt_running, record_outcome
from flowloom.runner.domain.values import IoValue, StoredFile
from flowloom.runner.domain.workflow import Step, WorkflowVersion


@dataclass(frozen=True)
class Attempt:
    """A started attempt: the action deployment to run it on and the request to send."""

    deployment: ActionDeployment
    request: ExecutionRequest


@dataclass(frozen=True)
class Progress:
    """What the engine does next for a run: queue ``ready``, run ``started`` (their slot is
    claimed; an attempt of None could not start), wake at ``wake_at``, stop tasks."""

    run_id: str
    finished: bool
    ready: tuple[Dispatch, ...] = ()
    wake_at: datetime | None = None
    stop: tuple[str, ...] = ()
    started: tuple[tuple[Dispatch, Attempt | None], ...] = field(default=())


class RunScheduler:
    """Applies the scheduling rules to stored runs; the caller serialises calls per run.

    A run that no longer exists (project deleted) reads as finished.
    """

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        conditions: ConditionEvaluator,
        secrets: SecretResolver,
        files: FileStore,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._conditions = conditions
        self._secrets = secrets
        self._files = files
        self._clock = clock

    async def unfinished(self) -> list[str]:
        async with self._uow() as uow:
            return [run.id for run in await uow.runs.list_unfinished()]

    async def is_finished(self, run_id: str) -> bool:
        async with self._uow() as uow:
            run = await uow.runs.get(run_id)
        return run is None or run.state.finished

    async def advance(
        self,
        run_id: str,
        *,
        recovering: bool = False,
        claim: Callable[[Dispatch], bool] = lambda _: False,
    ) -> Progress:
        """Settle what can be settled; ``recovering`` first fails attempts lost in a restart.

        The due executions ``claim`` takes a slot for start their attempt in the same
        transaction.
        """
        async with self._uow() as uow:
            loaded = await self._load(uow, run_id)
            if loaded is None:
                return Progress(run_id, finished=True)
            run, version = loaded
            if recovering:
                interrupt_running(run, version, self._clock.now())
            progress = await self.settled(run, version, claim)
            await uow.commit()
        return progress

    async def settled(
        self,
        run: Run,
        version: WorkflowVersion,
        claim: Callable[[Dispatch], bool],
        running: frozenset[str] = frozenset(),
    ) -> Progress:
        """Settle ``run`` in the caller's unit of work (committed by the caller) and start the
        due executions ``claim`` takes a slot for; ``running``: executions running before."""
        now = self._clock.now()
        due = advance(run, version, self._conditions, now)
        started: list[tuple[Dispatch, Attempt | None]] = []
        for execution in list(due):
            item = self._dispatch(run, version, execution)
            if not run.state.finished and claim(item):
                due.remove(execution)
                started.append((item, await self._begin(run, version, execution)))
        progress = self._progress(run, version, due, stop=set(running) - _running(run))
        return replace(progress, started=tuple(started))

    async def record(
        self,
        run_id: str,
        execution_id: str,
        attempt: int,
        outcome: ExecutionOutcome,
        claim: Callable[[Dispatch], bool] = lambda _: False,
    ) -> Progress:
        """Apply an attempt's outcome (stale outcomes are ignored) and settle the run.

        The due executions ``claim`` takes a slot for start their attempt in the same
        transaction: one commit says "this step ended, the next one started".
        """
        async with self._uow() as uow:
            loaded = await self._load(uow, run_id)
            if loaded is None:
                return Progress(run_id, finished=True)
            run, version = loaded
            running = frozenset(_running(run) - {execution_id})
            record_outcome(run, version, execution_id, attempt, outcome, self._clock.now())
            progress = await self.settled(run, version, claim, running)
            await uow.commit()
        return progress

    async def cancel(self, run_id: str, project_id: str) -> Progress:
        """Cancel the run of ``project_id`` (NotFound for another project's run)."""
        async with self._uow() as uow:
            loaded = await self._load(uow, run_id)
            if loaded is None or loaded[0].project_id != project_id:
                raise NotFound("run not found")
            run, version = loaded
            stop = run.cancel(self._clock.now())
            await uow.commit()
        return self._progress(run, version, [], stop=set(stop))

    async def begin_attempt(self, run_id: str, execution_id: str) -> Attempt | None:
        """Resolve inputs and mark Running; None when it must not run (the run moved on)."""
        async with self._uow() as uow:
            loaded = await self._load(uow, run_id)
            if loaded is None:
                return None
            run, version = loaded
            execution = run.execution(execution_id)
            if run.state.finished or not execution.is_due(self._clock.now()):
                return None
            attempt = await self._begin(run, version, execution)
            await uow.commit()
        return attempt

    async def _begin(
        self, run: Run, version: WorkflowVersion, execution: Execution
    ) -> Attempt | None:
        """Mark a due execution Running with its inputs; None (step failed) if they resolve not."""
        step = version.step(execution.step_id)
        values = await self._inputs(run, version, step, execution)
        if values is None:
            return None
        execution.start_attempt(without_secrets(step, values), self._clock.now())
        request = await self._request(run, step, execution, values)
        return Attempt(processor_deployment(run.project_id, run.workflow_id, step.action), request)

    async def _inputs(
        self, run: Run, version: WorkflowVersion, step: Step, execution: Execution
    ) -> dict[str, IoValue] | None:
        secrets: dict[str, str] = {}
        for name in secret_names(step):
            value = await self._secrets.resolve(run.project_id, name)
            if value is not None:
                secrets[name] = value
        try:
            return resolve_inputs(step, run, secrets)
        except InputUnresolved as error:
            fail_step(run, version, execution, error.message, self._clock.now())
            return None

    async def _request(
        self, run: Run, step: Step, execution: Execution, values: dict[str, IoValue]
    ) -> ExecutionRequest:
        input_urls = {
            name: await self._files.presigned_get(v.value.key, v.value.name)
            for name, v in values.items()
            if isinstance(v.value, StoredFile)
        }
        targets: dict[str, FileTarget] = {}
        for spec in step.action.outputs:
            if spec.type.is_file:
                key = output_key(run.project_id, run.id, execution.id, spec.name)
                targets[spec.name] = FileTarget(key, await self._files.presigned_put(key))
        return ExecutionRequest(
            execution_id=execution.id,
            run_id=run.id,
            project_id=run.project_id,
            step_id=step.id,
            attempt=execution.attempt,
            inputs=values,
            input_urls=input_urls,
            output_targets=targets,
            timeout_seconds=step.timeout,
        )

    async def _load(self, uow: UnitOfWork, run_id: str) -> tuple[Run, WorkflowVersion] | None:
        run = await uow.runs.get(run_id)
        version = await uow.versions.get(run.workflow_version_id) if run else None
        return (run, version) if run and version else None

    def _progress(
        self,
        run: Run,
        version: WorkflowVersion,
        due: list[Execution],
        stop: set[str] | None = None,
    ) -> Progress:
        ready = tuple(self._dispatch(run, version, e) for e in due)
        return Progress(
            run_id=run.id,
            finished=run.state.finished,
            ready=ready,
            wake_at=run.next_wakeup(self._clock.now()),
            stop=tuple(sorted(stop or ())),
        )

    @staticmethod
    def _dispatch(run: Run, version: WorkflowVersion, execution: Execution) -> Dispatch:
        action = version.step(execution.step_id).action
        key = processor_deployment(run.project_id, run.workflow_id, action).key
        return Dispatch(run.id, execution.id, key)


def _running(run: Run) -> set[str]:
    return {e.id for e in run.executions if e.state is ExecutionState.RUNNING}
