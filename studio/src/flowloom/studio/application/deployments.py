"""Freezing versions and asking the runner to deploy or undeploy them; following its states."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from flowloom.studio.application.context import Readers, deployment_of, load, project_context
from flowloom.studio.domain.deployment import Deployment, DeploymentState
from flowloom.studio.domain.errors import Conflict, NotFound, WorkflowInvalid
from flowloom.studio.domain.events import (
    WorkflowDeploymentRequested,
    WorkflowUndeploymentRequested,
)
from flowloom.studio.domain.freeze import FrozenVersion, freeze
from flowloom.studio.domain.ports import Clock, Ids, UnitOfWork
from flowloom.studio.domain.records import Page, VersionRecord
from flowloom.studio.domain.workflow import Workflow

_UNDER_WAY = (DeploymentState.DEPLOYING, DeploymentState.DEPLOYED)


@dataclass(eq=False)
class DeploymentService:
    """A deploy freezes a new immutable version and orders it, in one transaction with the
    order (outbox); the runner's state events then move the deployment along."""

    uow: Callable[[], UnitOfWork]
    readers: Readers
    clock: Clock
    ids: Ids

    async def deploy(self, project: str, workflow_id: str) -> Deployment:
        """Version n+1, state Deploying; WorkflowInvalid (every problem) when not valid.

        A deployed workflow is replaced by the new version (the runner swaps it). Nothing
        changed since version n (the workflow, the actions it resolves to, their artefacts,
        the variables it reads): no new version; version n is deployed again, or, when it is
        already Deploying or Deployed, the deployment is answered as it is."""
        async with self.uow() as uow:
            workflow = (await load(uow, project, workflow_id)).workflow
            last = await uow.versions.last_number(workflow_id)
            version = await self._frozen(uow, workflow, last + 1)
            now = self.clock.now()
            same_id = await uow.versions.same_content(version, last) if last else None
            if same_id is None:
                await uow.versions.add(version, now)
            else:
                version = replace(version, version_id=same_id, number=last)
                current = await uow.deployments.get(workflow_id)
                if current and current.version_id == same_id and current.state in _UNDER_WAY:
                    return current
            number = version.number
            deployment = Deployment.requested(workflow_id, project, version.version_id, number, now)
            await uow.deployments.save(deployment)
            uow.emit(WorkflowDeploymentRequested(self.ids.new_id(), project, version, now))
            await uow.commit()
        return deployment

    async def undeploy(self, project: str, workflow_id: str) -> Deployment:
        """State Undeploying; Conflict when the workflow is not deployed."""
        async with self.uow() as uow:
            current = await deployment_of(uow, project, workflow_id)
            if current is None:
                raise Conflict("the workflow was never deployed")
            now = self.clock.now()
            deployment = current.undeploy(now)
            await uow.deployments.save(deployment)
            uow.emit(WorkflowUndeploymentRequested(self.ids.new_id(), project, workflow_id, now))
            await uow.commit()
        return deployment

    async def deployment(self, project: str, workflow_id: str) -> Deployment | None:
        async with self.uow() as uow:
            return await deployment_of(uow, project, workflow_id)

    async def changed_since_deploy(self, project: str, workflow_id: str) -> bool | None:
        """Whether a deploy now would freeze something else than the deployment's version:
        the workflow, an action it resolves to (a newer version or artefact) or a variable
        it reads changed (variables are read when a version is frozen, not at run time), or
        it is no longer valid. None when never deployed."""
        async with self.uow() as uow:
            workflow = (await load(uow, project, workflow_id)).workflow
            current = await uow.deployments.get(workflow_id)
            if current is None:
                return None
            try:
                version = await self._frozen(uow, workflow, current.version_number)
            except WorkflowInvalid:
                return True
            same = await uow.versions.same_content(version, current.version_number)
            return same != current.version_id

    async def _frozen(self, uow: UnitOfWork, workflow: Workflow, number: int) -> FrozenVersion:
        """Version ``number`` of ``workflow`` as the project is now; WorkflowInvalid if not."""
        context = await project_context(uow, workflow)
        return freeze(
            workflow,
            context.catalogue,
            context.variables,
            number,
            secrets=context.secrets,
            conditions=await self.readers.conditions_of(workflow, context.catalogue),
            schedule=self.readers.schedule_of(workflow),
        )

    async def versions(
        self, project: str, workflow_id: str, limit: int, cursor: str | None
    ) -> Page[VersionRecord]:
        async with self.uow() as uow:
            await load(uow, project, workflow_id)
            return await uow.versions.page(project, workflow_id, limit, cursor)

    async def version(self, project: str, workflow_id: str, number: int) -> VersionRecord:
        async with self.uow() as uow:
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
        async with self.uow() as uow:
            current = await uow.deployments.get(workflow_id)
            if current is None or current.project != project:
                return
            changed = current.changed(version_id, state, message, self.clock.now())
            if changed is None:
                return
            await uow.deployments.save(changed)
            await uow.commit()
