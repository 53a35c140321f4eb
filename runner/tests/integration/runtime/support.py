"""Helpers of the runtime tests: artefacts of real actions, recording ports, waiting."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

from flowloom.runner.domain.invocation import (
    ActionDeployment,
    ActionHandle,
    ActionRole,
    ExecutionOutcome,
    ExecutionRequest,
    FileTarget,
    LogLine,
)
from flowloom.runner.domain.ports import ActionInvoker, Clock, LogSink, SecretResolver
from flowloom.runner.domain.run import TriggerSource
from flowloom.runner.domain.values import IoSpec, IoValue, TriggerValue
from flowloom.runner.domain.workflow import ActionArtefact, ActionKind, Resources
from flowloom.runner.infrastructure.deployer.local import LocalActionDeployer
from flowloom.runner.infrastructure.deployer.process import ActionEnvironment
from flowloom.runner.infrastructure.grpc.invoker import GrpcActionInvoker

PROJECT = "project-1"
WORKFLOW = "workflow-1"


def metadata(action_id: str, kind: str = "Processor") -> str:
    return f"""\
        apiVersion: "ryax.tech/v2.0"
        kind: {kind}
        spec:
          id: {action_id}
          human_name: {action_id}
          type: python3
          version: "1.0"
        """


def artefact(
    env: ActionEnvironment,
    action_id: str,
    *,
    kind: ActionKind = ActionKind.PROCESSOR,
    inputs: Sequence[IoSpec] = (),
    outputs: Sequence[IoSpec] = (),
    memory_bytes: int = 0,
    uri: bool = False,
) -> ActionArtefact:
    location = env.root.as_uri() if uri else str(env.root)
    resources = Resources(memory_bytes=memory_bytes)
    return ActionArtefact(
        action_id, "1.0", kind, location, tuple(inputs), tuple(outputs), resources
    )


def processor(action: ActionArtefact, workflow_id: str = WORKFLOW) -> ActionDeployment:
    return ActionDeployment(PROJECT, workflow_id, action, ActionRole.PROCESSOR)


async def executed(
    deployer: LocalActionDeployer,
    action: ActionArtefact,
    execution: ExecutionRequest | None = None,
    *,
    invoker: ActionInvoker | None = None,
) -> ExecutionOutcome:
    """One execution of ``action`` on a wrapper leased for it (by ``invoker``, else a gRPC
    invoker of its own), the wrapper released afterwards."""
    handle = await deployer.ensure(processor(action))
    try:
        return await (invoker or GrpcActionInvoker(deployer, RecordingLogSink())).execute(
            handle, execution or request()
        )
    finally:
        await deployer.release(handle)


def serving_pid(deployer: LocalActionDeployer, handle: ActionHandle) -> int:
    """The host pid of the wrapper's Python process (inside its sandbox: bwrap's descendant)."""
    wrapper = deployer.wrapper(handle)
    assert wrapper is not None
    pending = [wrapper.pid]
    while pending:
        pid = pending.pop(0)
        if b"flowloom.action_wrapper" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0"):
            return pid
        for task in Path(f"/proc/{pid}/task").iterdir():
            pending += [int(child) for child in (task / "children").read_text().split()]
    raise AssertionError("no wrapper process under the sandbox")


_counter = iter(range(1_000_000))


def request(
    inputs: Mapping[str, IoValue] | None = None,
    *,
    input_urls: Mapping[str, str] | None = None,
    output_targets: Mapping[str, FileTarget] | None = None,
    timeout: float | None = None,
) -> ExecutionRequest:
    number = next(_counter)
    return ExecutionRequest(
        execution_id=f"execution-{number}",
        run_id="run-1",
        project_id=PROJECT,
        step_id="step",
        attempt=1,
        inputs=dict(inputs or {}),
        input_urls=dict(input_urls or {}),
        output_targets=dict(output_targets or {}),
        timeout_seconds=timeout,
    )


class Recorder:
    """Records calls; ``until`` waits for a condition on them (woken by each call)."""

    def __init__(self) -> None:
        self._changed = asyncio.Condition()

    async def until(self, condition: Callable[[], bool], within: float = 10.0) -> None:
        async with asyncio.timeout(within), self._changed:
            await self._changed.wait_for(condition)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()


class RecordingLogSink(Recorder, LogSink):
    def __init__(self) -> None:
        super().__init__()
        self.batches: list[tuple[str, str, list[LogLine]]] = []

    async def append(
        self, project_id: str, execution_id: str, attempt: int, lines: Sequence[LogLine]
    ) -> None:
        self.batches.append((project_id, execution_id, list(lines)))
        await self._notify()

    def lines(self, execution_id: str | None = None) -> list[LogLine]:
        return [
            line
            for _, execution, lines in self.batches
            if execution_id is None or execution == execution_id
            for line in lines
        ]


class RecordingServices(Recorder):
    """Stands in for RunService and DeploymentService, recording what triggers ask."""

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[tuple[str, str, TriggerSource, dict[str, TriggerValue]]] = []
        self.masked: list[frozenset[str]] = []  # per run, the outputs to hide
        self.errors: list[tuple[str, str, str]] = []
        self.stopped: list[tuple[str, str, str, str | None]] = []
        self.log_tails: list[str] = []

    async def start_run(
        self,
        project_id: str,
        workflow_id: str,
        trigger_source: TriggerSource,
        outputs: Mapping[str, TriggerValue],
        *,
        masked: frozenset[str] = frozenset(),
        wait_for_database: bool = False,
    ) -> str:
        assert wait_for_database, "a trigger has nobody to answer 503 to: it waits"
        self.runs.append((project_id, workflow_id, trigger_source, dict(outputs)))
        self.masked.append(masked)
        await self._notify()
        return f"run-{len(self.runs)}"

    async def record_trigger_error(self, project_id: str, workflow_id: str, message: str) -> str:
        self.errors.append((project_id, workflow_id, message))
        await self._notify()
        return f"error-run-{len(self.errors)}"

    async def trigger_stopped(
        self,
        project_id: str,
        workflow_id: str,
        workflow_version_id: str,
        error: str | None,
        log_tail: str = "",
    ) -> None:
        self.stopped.append((project_id, workflow_id, workflow_version_id, error))
        self.log_tails.append(log_tail)
        await self._notify()


class SystemClock(Clock):
    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class Secrets(SecretResolver):
    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        self.values = dict(values or {})

    async def resolve(self, project_id: str, name: str) -> str | None:
        return self.values.get(name)
