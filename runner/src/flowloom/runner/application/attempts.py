"""Starting an attempt: its inputs resolved, and the request its wrapper gets."""

from __future__ import annotations

from dataclasses import dataclass

from flowloom.runner.domain.errors import InputUnresolved
from flowloom.runner.domain.execution import Execution
from flowloom.runner.domain.files import output_key
from flowloom.runner.domain.inputs import resolve_inputs, secret_names, without_secrets
from flowloom.runner.domain.invocation import (
    ActionDeployment,
    ExecutionRequest,
    FileTarget,
    processor_deployment,
)
from flowloom.runner.domain.ports import Clock, FileStore, SecretResolver
from flowloom.runner.domain.run import Run
from flowloom.runner.domain.scheduling import fail_step
from flowloom.runner.domain.values import IoValue, StoredFile
from flowloom.runner.domain.workflow import Step, WorkflowVersion


@dataclass(frozen=True)
class StartedAttempt:
    """A started attempt: the action deployment to run it on and the request to send."""

    deployment: ActionDeployment
    request: ExecutionRequest


@dataclass(eq=False)
class AttemptStarter:
    """Marks due executions Running, in the caller's unit of work."""

    secrets: SecretResolver
    files: FileStore
    clock: Clock

    async def start(
        self, run: Run, version: WorkflowVersion, execution: Execution
    ) -> StartedAttempt | None:
        """Mark a due execution Running with its inputs; None (step failed) if they resolve not."""
        step = version.step(execution.step_id)
        values = await self._inputs(run, version, step, execution)
        if values is None:
            return None
        execution.start_attempt(without_secrets(step, values), self.clock.now())
        request = await self._request(run, step, execution, values)
        return StartedAttempt(
            processor_deployment(run.project_id, run.workflow_id, step.action), request
        )

    async def _inputs(
        self, run: Run, version: WorkflowVersion, step: Step, execution: Execution
    ) -> dict[str, IoValue] | None:
        secrets: dict[str, str] = {}
        for name in secret_names(step):
            value = await self.secrets.resolve(run.project_id, name)
            if value is not None:
                secrets[name] = value
        try:
            return resolve_inputs(step, run, secrets)
        except InputUnresolved as error:
            fail_step(run, version, execution, error.message, self.clock.now())
            return None

    async def _request(
        self, run: Run, step: Step, execution: Execution, values: dict[str, IoValue]
    ) -> ExecutionRequest:
        input_urls = {
            name: await self.files.presigned_get(v.value.key, v.value.name)
            for name, v in values.items()
            if isinstance(v.value, StoredFile)
        }
        targets: dict[str, FileTarget] = {}
        for spec in step.action.outputs:
            if spec.type.is_file:
                key = output_key(run.project_id, run.id, execution.id, spec.name)
                targets[spec.name] = FileTarget(key, await self.files.presigned_put(key))
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
