"""Keeping deployed triggers up: a warm source wrapper and its supervision."""

from __future__ import annotations

from dataclasses import dataclass, field

from flowloom.runner.domain.invocation import ActionHandle, deployment_keys, trigger_deployment
from flowloom.runner.domain.ports import ActionDeployer, TriggerSupervisor
from flowloom.runner.domain.workflow import WorkflowVersion


@dataclass(eq=False)
class TriggerKeeper:
    """Starts and stops workflows' triggers, holding each source's wrapper while it runs.

    The handles live in memory: after a restart ``DeploymentService.resume`` starts again.
    """

    deployer: ActionDeployer
    triggers: TriggerSupervisor
    _handles: dict[str, ActionHandle] = field(init=False, default_factory=dict)

    async def start(self, project_id: str, version: WorkflowVersion) -> None:
        """Raises ActionStartFailed or TriggerStartFailed (after cleaning up)."""
        try:
            handle = await self._ensure(project_id, version)
            await self.triggers.start(project_id, version, handle)
        except BaseException:
            await self.stop(version.workflow_id)
            raise

    async def stop(self, workflow_id: str) -> None:
        """Stop the trigger (no new runs) and give its wrapper back."""
        await self.triggers.stop(workflow_id)
        handle = self._handles.pop(workflow_id, None)
        if handle is not None:
            await self.deployer.release(handle)

    async def stop_workflow(self, workflow_id: str) -> None:
        """Stop the trigger, then every wrapper of the workflow once idle."""
        await self.stop(workflow_id)
        await self.deployer.stop_workflow(workflow_id)

    async def retire_replaced(self, project_id: str, version: WorkflowVersion) -> None:
        """After a redeploy: drain the pools the new version does not use (a rebuilt action's
        old wrappers); executions on them finish first, new ones start on the new pools."""
        keep = deployment_keys(project_id, version)
        await self.deployer.stop_workflow(version.workflow_id, keep=keep)

    async def _ensure(self, project_id: str, version: WorkflowVersion) -> ActionHandle | None:
        deployment = trigger_deployment(project_id, version)
        if deployment is None:
            return None
        held = self._handles.get(version.workflow_id)
        if held is not None and held.deployment_key == deployment.key:
            return held
        handle = await self.deployer.ensure(deployment)
        self._handles[version.workflow_id] = handle
        return handle
