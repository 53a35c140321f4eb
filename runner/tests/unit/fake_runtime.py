"""Fakes for the action runtime: a warm pool, an invoker with scripted outcomes, triggers."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

from flowloom.runner.domain.errors import ActionStartFailed, TriggerStartFailed
from flowloom.runner.domain.invocation import (
    ActionDeployment,
    ActionHandle,
    ExecutionOutcome,
    ExecutionRequest,
    LogLine,
    Succeeded,
)
from flowloom.runner.domain.ports import (
    ActionDeployer,
    ActionInvoker,
    Clock,
    LogSink,
    TriggerSupervisor,
)
from flowloom.runner.domain.workflow import WorkflowVersion

Script = ExecutionOutcome | Callable[[ExecutionRequest], ExecutionOutcome]


def default_outcome(request: ExecutionRequest) -> ExecutionOutcome:
    """Every test action declares an output ``out``: give it a recognisable value."""
    return Succeeded({"out": f"{request.step_id}-out"})


class FakeDeployer(ActionDeployer):
    def __init__(self) -> None:
        self.ensured: list[str] = []
        self.released: list[str] = []
        self.stopped_workflows: list[str] = []
        self.kept_pools: list[frozenset[str]] = []
        self.failures: dict[str, str] = {}  # action id -> ActionStartFailed message
        self.crashes: dict[str, Exception] = {}  # action id -> what a broken adapter raises

    async def ensure(self, deployment: ActionDeployment) -> ActionHandle:
        action_id = deployment.action.action_id
        if action_id in self.failures:
            raise ActionStartFailed(self.failures[action_id])
        if action_id in self.crashes:
            raise self.crashes[action_id]
        self.ensured.append(deployment.key)
        return ActionHandle(deployment.key, f"fake://{action_id}", str(len(self.ensured)))

    async def release(self, handle: ActionHandle) -> None:
        self.released.append(handle.deployment_key)

    async def stop_workflow(self, workflow_id: str, keep: Collection[str] = ()) -> None:
        self.stopped_workflows.append(workflow_id)
        self.kept_pools.append(frozenset(keep))


@dataclass(frozen=True)
class Call:
    step_id: str
    attempt: int
    at: datetime
    request: ExecutionRequest


class FakeInvoker(ActionInvoker):
    """Outcomes scripted per step (the last one repeats); gates hold executions until set."""

    def __init__(self, clock: Clock, logs: LogSink) -> None:
        self.clock = clock
        self.logs = logs
        self.scripts: dict[str, list[Script]] = {}
        self.gates: dict[str, asyncio.Event] = {}
        self.calls: list[Call] = []
        self.running: dict[str, str] = {}  # execution id -> step id
        self.running_per_key: Counter[str] = Counter()
        self.peak_per_key: Counter[str] = Counter()
        self.cancelled: list[str] = []

    def script(self, step_id: str, *outcomes: Script) -> None:
        self.scripts[step_id] = list(outcomes)

    def gate(self, step_id: str) -> asyncio.Event:
        return self.gates.setdefault(step_id, asyncio.Event())

    def attempts(self, step_id: str) -> list[Call]:
        return [call for call in self.calls if call.step_id == step_id]

    async def execute(self, handle: ActionHandle, request: ExecutionRequest) -> ExecutionOutcome:
        key = handle.deployment_key
        self.calls.append(Call(request.step_id, request.attempt, self.clock.now(), request))
        self.running[request.execution_id] = request.step_id
        self.running_per_key[key] += 1
        self.peak_per_key[key] = max(self.peak_per_key[key], self.running_per_key[key])
        try:
            line = LogLine(
                "stdout", f"{request.step_id} attempt {request.attempt}", self.clock.now()
            )
            await self.logs.append(
                request.project_id, request.execution_id, request.attempt, [line]
            )
            gate = self.gates.get(request.step_id)
            await (gate.wait() if gate else asyncio.sleep(0))
            return self._next(request)
        except asyncio.CancelledError:
            self.cancelled.append(request.step_id)
            raise
        finally:
            del self.running[request.execution_id]
            self.running_per_key[key] -= 1

    def _next(self, request: ExecutionRequest) -> ExecutionOutcome:
        scripts = self.scripts.get(request.step_id)
        if not scripts:
            return default_outcome(request)
        script = scripts.pop(0) if len(scripts) > 1 else scripts[0]
        return script(request) if callable(script) else script


class FakeTriggerSupervisor(TriggerSupervisor):
    def __init__(self) -> None:
        self.started: list[tuple[str, str, ActionHandle | None]] = []
        self.stopped: list[str] = []
        self.fail_with: str | None = None
        self.failures: dict[str, TriggerStartFailed] = {}  # workflow id -> how its start fails

    async def start(
        self, project_id: str, version: WorkflowVersion, handle: ActionHandle | None
    ) -> None:
        if self.fail_with is not None:
            raise TriggerStartFailed(self.fail_with)
        if version.workflow_id in self.failures:
            raise self.failures[version.workflow_id]
        self.started.append((project_id, version.workflow_version_id, handle))

    async def stop(self, workflow_id: str) -> None:
        self.stopped.append(workflow_id)
