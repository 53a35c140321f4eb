"""Freezing versions and asking the runner to deploy or undeploy them; following its states."""

from __future__ import annotations

from collections.abc import Callable

from flowloom.studio.application.context import load, project_context
from flowloom.studio.application.ports import Clock, Ids, UnitOfWork
from flowloom.studio.application.records import Page, VersionRecord
from flowloom.studio.domain.conditions import ConditionChecker
from flowloom.studio.domain.deployment import Deployment, DeploymentState
from flowloom.studio.domain.errors import Conflict, NotFound
from flowloom.studio.domain.events import (
    WorkflowDeploymentRequested,
    WorkflowUndeploymentRequested,
)
from flowloom.studio.domain.freeze import freeze


class DeploymentService:
    """A deploy freezes a new immutable version and orders it, in one transaction with the
    order (outbox); the runner's state events then move the deployment along."""

    def __init__(
        self,
        uow: Callable[[], UnitOfWork],
        conditions: ConditionChecker,
        clock: Clock,
        ids: Ids,
    ) -> None:
        self._uow = uow
        self._conditions = conditions
        self._clock = clock
        self._ids = ids

    async def deploy(self, project: str, workflow_id: str) -> Deployment:
        """Version n+1, state Deploying; WorkflowInvalid (every problem) when not valid.

        A deployed workflow is replaced by the new version (the runner swaps it)."""
        async with self._uow() as uow:
            workflow = (await load(uow, project, workflow_id)).workflow
            context = await project_context(uow, workflow)
            number = await uow.versions.last_number(workflow_id) + 1
            version = freeze(
                workflow,
                context.catalogue,
                context.variables,
                number,
                secrets=context.secrets,
                conditions=self._conditions,
            )
            now = self._clock.now()
            await uow.versions.add(version, now)
            deployment = Deployment.requested(workflow_id, project, version.version_id, number, now)
            await uow.deployments.save(deployment)
            uow.emit(WorkflowDeploymentRequested(self._ids.new_id(), project, version, now))
            await uow.commit()
        return deployment

    async def undeploy(self, project: str, workflow_id: str) -> Deployment:
        """State Undeploying; Conflict when the workflow is not deployed."""
        async with self._uow() as uow:
            await load(uow, project, workflow_id)
            current = await uow.deployments.get(workflow_id)
            if current is None:
                raise Conflict("the workflow was never deployed")
            now = self._clock.now()
            deployment = current.undeploy(now)
            await uow.deployments.save(deployment)
            uow.emit(WorkflowUndeploymentRequested(self._ids.new_id(), project, workflow_id, now))
            await uow.commit()
        return deployment

    async def deployment(self, project: str, workflow_id: str) -> Deployment | None:
        async with self._uow() as uow:
            await load(uow, project, workflow_id)
            return await uow.deployments.get(workflow_id)

    async def versions(
        self, project: str, workflow_id: str, limit: int, cursor: str | None
    ) -> Page[VersionRecord]:
        async with self._uow() as uow:
            await load(uow, project, workflow_id)
            return await uow.versions.page(project, workflow_id, limit, cursor)

    async def version(self, project: str, workflow_id: str, number: int) -> VersionRecord:
        async with self._uow() as uow:
            await load(uow, project, workflow_id)
            version = await uow.versions.get(project, workflow_id, number)
        if version is None:
            raise NotFound(f"the workflow has no version {number}")
        return version

    async def deployment_changed(
        self,
        project: str,
        workflow_id: str,
        version_id: str,
        state: DeploymentState,
        message: str,
    ) -> None:
        """Apply the runner's state; states of a version no longer current are ignored."""
        async with self._uow() as uow:
            current = await uow.deployments.get(workflow_id)
            if current is None or current.project != project:
                return
            changed = current.changed(version_id, state, message, self._clock.now())
            if changed is None:
                return
            await uow.deployments.save(changed)
            await uow.commit()
