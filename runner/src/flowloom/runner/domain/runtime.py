"""Ports to the action runtime: warm wrappers, executions on them and trigger supervision."""

from __future__ import annotations

from abc import ABC, abstractmethod

from flowloom.runner.domain.invocation import (
    ActionDeployment,
    ActionHandle,
    ExecutionOutcome,
    ExecutionRequest,
)
from flowloom.runner.domain.workflow import WorkflowVersion


class ActionDeployer(ABC):
    """Keeps warm action wrappers (local processes or Kubernetes Deployments).

    A pool per ``deployment.key``: one wrapper runs one execution at a time, so the pool grows
    up to the runner's concurrency limit for that key; idle wrappers stop after the idle time.
    """

    @abstractmethod
    async def ensure(self, deployment: ActionDeployment) -> ActionHandle:
        """A started, initialised wrapper reserved for the caller until ``release``.

        Raises ActionStartFailed with a message a user can act on when it cannot start.
        """

    @abstractmethod
    async def release(self, handle: ActionHandle) -> None:
        """The caller is done with the wrapper; it becomes idle (and may stop later)."""

    @abstractmethod
    async def stop_workflow(self, workflow_id: str) -> None:
        """Stop the workflow's wrappers once they are idle.

        A wrapper running an execution finishes it first, and later ``ensure`` calls still
        start wrappers: runs in flight after an undeploy go on to their end.
        """


class ActionInvoker(ABC):
    """Runs one execution on a wrapper (the gRPC ``Run`` call).

    Log lines stream to the adapter's LogSink as they come. Timeouts are enforced here: an
    execution running past ``request.timeout_seconds`` is stopped and reported as TimedOut.
    Cancelling the calling task cancels the execution.
    """

    @abstractmethod
    async def execute(self, handle: ActionHandle, request: ExecutionRequest) -> ExecutionOutcome:
        """The attempt's outcome; wrapper or transport failures are Failed, never raised."""


class TriggerSupervisor(ABC):
    """Keeps a deployed workflow's trigger producing runs.

    A source streams ``create_run`` events on ``handle`` (each one calls
    ``RunService.start_run``); a cron trigger follows its schedule; a manual trigger needs
    nothing. When a source returns or raises, the adapter calls
    ``DeploymentService.trigger_stopped``.
    """

    @abstractmethod
    async def start(
        self, project_id: str, version: WorkflowVersion, handle: ActionHandle | None
    ) -> None:
        """Start (or restart) the trigger; TriggerStartFailed with a user-actionable message."""

    @abstractmethod
    async def stop(self, workflow_id: str) -> None:
        """Stop the workflow's trigger if it runs; no-op otherwise."""
