"""Deploying and undeploying workflow versions, with a state event at each step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flowloom.runner.application.triggers import TriggerKeeper
from flowloom.runner.application.views import DeploymentView, Page, check_limit, page_of
from flowloom.runner.domain.deployment import (
    Changed,
    Deployment,
    TriggerState,
    trigger_log_id,
)
from flowloom.runner.domain.errors import (
    ActionStartFailed,
    DeploymentRejected,
    NotFound,
    TriggerStartFailed,
)
from flowloom.runner.domain.events import DeploymentState
from flowloom.runner.domain.invocation import StoredLogLine
from flowloom.runner.domain.ports import Clock, ConditionEvaluator, Ids, UnitOfWork
from flowloom.runner.domain.repositories import LogRepository
from flowloom.runner.domain.validation import validate_version
from flowloom.runner.domain.workflow import WorkflowVersion
from flowloom.servicekit.kernel import KeyedLocks

Transition = Callable[[Deployment, datetime], Changed | None]


@dataclass(eq=False)
class DeploymentService:
    """Deployments of a project's workflows; the studio follows them through the events.

    Undeploying stops the trigger (no new runs) and lets the workflow's warm wrappers stop
    once idle: runs in flight go on to their end. A source that ends leaves the workflow
    Deployed (its trigger finished): only the user undeploys. Changes of one workflow are
    serialised and the trigger keeper holds wrappers in memory: the container makes this a
    singleton.
    """

    uow: Callable[[], UnitOfWork]
    triggers: TriggerKeeper
    conditions: ConditionEvaluator
    clock: Clock
    ids: Ids
    log_lines: LogRepository  # "logs" is the use case reading them
    _lock: KeyedLocks = field(init=False, default_factory=KeyedLocks)

    async def deploy(self, project_id: str, version: WorkflowVersion) -> DeploymentView:
        """Deploying, then Deployed or Error; redeploying the live version is a no-op.

        An invalid version gets an Error event and leaves a live deployment untouched.
        """
        async with self._lock(version.workflow_id):
            try:
                validate_version(version, await self._condition_problems(version))
            except DeploymentRejected as rejected:
                return await self._reject(project_id, version, rejected.message)
            return await self._deploy(project_id, version)

    async def _condition_problems(self, version: WorkflowVersion) -> dict[str, str]:
        """Why each invalid ``when`` of the version is invalid, by expression."""
        problems: dict[str, str] = {}
        for expression in {step.when for step in version.steps if step.when.strip()}:
            problem = await self.conditions.validate(expression)
            if problem is not None:
                problems[expression] = problem
        return problems

    async def undeploy(self, project_id: str, workflow_id: str) -> DeploymentView | None:
        """Undeploying, then Undeployed; None when the runner never had the workflow."""
        async with self._lock(workflow_id):
            return await self._undeploy(project_id, workflow_id)

    async def trigger_stopped(
        self,
        project_id: str,
        workflow_id: str,
        workflow_version_id: str,
        error: str | None,
        log_tail: str = "",
    ) -> None:
        """A source returned (still Deployed, its trigger finished) or raised (Error with its
        message and ``log_tail``, the last lines it wrote)."""
        async with self._lock(workflow_id):
            async with self.uow() as uow:
                deployment = await uow.deployments.get(workflow_id)
            if deployment is None or not deployment.accepts_runs:
                return
            if deployment.workflow_version_id != workflow_version_id:
                return  # a newer version replaced the one whose source stopped
            await self.triggers.stop(workflow_id)  # gives its wrapper back
            if error is None:
                await self._transition(workflow_id, workflow_version_id, _finished)
                return
            failed = _trigger_failed(error, starting=False, log_tail=log_tail)
            await self._transition(workflow_id, workflow_version_id, failed)

    async def resume(self) -> None:
        """At start: restart the triggers of live deployments (but finished sources), finish
        interrupted undeploys."""
        async with self.uow() as uow:
            active = [
                (d, await uow.versions.get(d.workflow_version_id))
                for d in await uow.deployments.list_active()
            ]
        for deployment, version in active:
            async with self._lock(deployment.workflow_id):
                if deployment.state is DeploymentState.UNDEPLOYING or version is None:
                    await self._undeploy(deployment.project_id, deployment.workflow_id)
                elif deployment.trigger_state is TriggerState.FINISHED:
                    continue  # a source that ended (a one-run) does not fire again
                else:
                    await self._start(deployment.project_id, version)

    async def deployments(self, project_id: str) -> list[DeploymentView]:
        async with self.uow() as uow:
            return [await _view(uow, d) for d in await uow.deployments.list_for_project(project_id)]

    async def get(self, project_id: str, workflow_id: str) -> DeploymentView:
        async with self.uow() as uow:
            deployment = await uow.deployments.get(workflow_id)
            if deployment is None or deployment.project_id != project_id:
                raise NotFound("deployment not found")
            return await _view(uow, deployment)

    async def logs(
        self, project_id: str, workflow_id: str, limit: int = 200, after: int | None = None
    ) -> Page[StoredLogLine]:
        """The deployed version's trigger log (a source's stdout and stderr, its passwords and
        secrets masked), in order; the cursor is a line number."""
        async with self.uow() as uow:
            deployment = await uow.deployments.get(workflow_id)
        if deployment is None or deployment.project_id != project_id:
            raise NotFound("deployment not found")
        log_id = trigger_log_id(deployment.workflow_version_id)
        rows = await self.log_lines.read_page(log_id, check_limit(limit) + 1, after)
        return page_of(rows, limit, lambda line: str(line.number))

    async def by_webhook_key(self, webhook_key: str) -> DeploymentView:
        """The deployment a public webhook call is for; NotFound for an unknown key."""
        async with self.uow() as uow:
            deployment = await uow.deployments.get_by_webhook_key(webhook_key)
            if deployment is None:
                raise NotFound("deployment not found")
            return await _view(uow, deployment)

    async def _deploy(self, project_id: str, version: WorkflowVersion) -> DeploymentView:
        async with self.uow() as uow:
            deployment = await uow.deployments.get(version.workflow_id)
            _check_project(deployment, project_id)
            was_live = deployment is not None and deployment.is_live
            event: Changed | None
            if deployment is None:
                deployment, event = self._create(project_id, version)
                await uow.deployments.add(deployment)
            else:
                event = deployment.deploy(version.workflow_version_id, self.clock.now())
            replaced = was_live and event is not None
            if event is None and deployment.state is DeploymentState.DEPLOYED:
                return DeploymentView.of(deployment, version)
            await self._store_version(uow, project_id, version)
            _emit(uow, event)
            await uow.commit()
        if replaced:
            await self.triggers.stop(version.workflow_id)
            await self.triggers.retire_replaced(project_id, version)
        return await self._start(project_id, version)

    async def _undeploy(self, project_id: str, workflow_id: str) -> DeploymentView | None:
        async with self.uow() as uow:
            deployment = await uow.deployments.get(workflow_id)
            if deployment is None or deployment.project_id != project_id:
                return None
            _emit(uow, deployment.start_undeploy(self.clock.now()))
            await uow.commit()
        await self.triggers.stop_workflow(workflow_id)
        version_id = deployment.workflow_version_id
        return await self._transition(workflow_id, version_id, Deployment.mark_undeployed)

    async def _start(self, project_id: str, version: WorkflowVersion) -> DeploymentView:
        workflow_id, version_id = version.workflow_id, version.workflow_version_id
        try:
            await self.triggers.start(project_id, version)
        except (ActionStartFailed, TriggerStartFailed) as error:
            tail = error.log_tail if isinstance(error, TriggerStartFailed) else ""
            failed = _trigger_failed(error.message, starting=True, log_tail=tail)
            return await self._transition(workflow_id, version_id, failed)
        return await self._transition(workflow_id, version_id, Deployment.mark_deployed)

    async def _reject(
        self, project_id: str, version: WorkflowVersion, message: str
    ) -> DeploymentView:
        async with self.uow() as uow:
            deployment = await uow.deployments.get(version.workflow_id)
            _check_project(deployment, project_id)
            now = self.clock.now()
            if deployment is None:
                deployment, _ = self._create(project_id, version)
                await uow.deployments.add(deployment)
                uow.emit(deployment.fail(message, now))
            else:
                uow.emit(deployment.reject(version.workflow_version_id, message, now))
            await self._store_version(uow, project_id, version)
            await uow.commit()
            return await _view(uow, deployment)

    async def _transition(
        self, workflow_id: str, version_id: str, change: Transition
    ) -> DeploymentView:
        """Apply ``change`` unless a newer version took over meanwhile."""
        async with self.uow() as uow:
            deployment = await uow.deployments.get(workflow_id)
            if deployment is None:
                raise NotFound("deployment not found")
            if deployment.workflow_version_id == version_id:
                _emit(uow, change(deployment, self.clock.now()))
                await uow.commit()
            return await _view(uow, deployment)

    def _create(self, project_id: str, version: WorkflowVersion) -> tuple[Deployment, Changed]:
        return Deployment.create(
            project_id=project_id,
            workflow_id=version.workflow_id,
            workflow_version_id=version.workflow_version_id,
            webhook_key=self.ids.new_secret(),
            now=self.clock.now(),
        )

    @staticmethod
    async def _store_version(uow: UnitOfWork, project_id: str, version: WorkflowVersion) -> None:
        if await uow.versions.get(version.workflow_version_id) is None:
            await uow.versions.add(project_id, version)


def _emit(uow: UnitOfWork, event: Changed | None) -> None:
    if event is not None:
        uow.emit(event)


def _finished(deployment: Deployment, now: datetime) -> Changed | None:
    return deployment.trigger_finished(now)


def _trigger_failed(error: str, *, starting: bool, log_tail: str) -> Transition:
    return lambda deployment, now: deployment.trigger_failed(
        error, now, starting=starting, log_tail=log_tail
    )


def _check_project(deployment: Deployment | None, project_id: str) -> None:
    if deployment is not None and deployment.project_id != project_id:
        raise NotFound("the workflow belongs to another project")


async def _view(uow: UnitOfWork, deployment: Deployment) -> DeploymentView:
    return DeploymentView.of(deployment, await uow.versions.get(deployment.workflow_version_id))
