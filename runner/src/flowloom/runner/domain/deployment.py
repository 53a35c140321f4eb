"""The Deployment aggregate: one per workflow, its state machine and its webhook key."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from flowloom.runner.domain.errors import Conflict
from flowloom.runner.domain.events import DeploymentState, WorkflowDeploymentChanged

Changed = WorkflowDeploymentChanged


class TriggerState(StrEnum):
    """How a deployed workflow's trigger is doing (None while not deployed)."""

    RUNNING = "running"  # a source running, a cron following its schedule, a manual trigger
    FINISHED = "finished"  # a source whose ``run`` returned: manual and webhook runs still start
    FAILED = "failed"  # a source that raised or crashed: the deployment is in Error


def trigger_log_id(workflow_version_id: str) -> str:
    """Under which id a deployed version's trigger log lines are stored (as an execution's)."""
    return f"trigger-{workflow_version_id}"


@dataclass
class Deployment:
    """A workflow made live: Deploying -> Deployed | Error; Deployed -> Undeploying -> Undeployed.

    Every transition returns the event to emit; a transition that changes nothing returns None.
    ``webhook_key`` is generated once per workflow and kept across versions. ``trigger_state``
    says how its trigger does once deployed: a source that ends leaves the deployment Deployed
    (its trigger ``finished``); undeploying stays the user's choice.
    """

    project_id: str
    workflow_id: str
    workflow_version_id: str
    webhook_key: str
    state: DeploymentState
    updated_at: datetime
    message: str = ""
    trigger_state: TriggerState | None = None
    trigger_message: str = ""

    @classmethod
    def create(
        cls,
        *,
        project_id: str,
        workflow_id: str,
        workflow_version_id: str,
        webhook_key: str,
        now: datetime,
    ) -> tuple[Deployment, Changed]:
        state = DeploymentState.DEPLOYING
        deployment = cls(project_id, workflow_id, workflow_version_id, webhook_key, state, now)
        return deployment, deployment._changed(now)

    @property
    def is_live(self) -> bool:
        """Its trigger runs (or is being started)."""
        return self.state in (DeploymentState.DEPLOYING, DeploymentState.DEPLOYED)

    @property
    def accepts_runs(self) -> bool:
        return self.state is DeploymentState.DEPLOYED

    def deploy(self, workflow_version_id: str, now: datetime) -> Changed | None:
        """Deploy a version; the version already deployed (or deploying) is a no-op."""
        if workflow_version_id == self.workflow_version_id and self.is_live:
            return None
        self.workflow_version_id = workflow_version_id
        self._set_trigger(None)
        return self._move(DeploymentState.DEPLOYING, now)

    @property
    def accepts_source_runs(self) -> bool:
        """A source's runs are accepted from its start: one may fire before it counts as up."""
        return self.is_live

    def reject(self, workflow_version_id: str, message: str, now: datetime) -> Changed:
        """An invalid version: a live deployment keeps its version and only the event reports
        the rejected one; otherwise the deployment takes the version and shows the error."""
        if not self.is_live:
            self.workflow_version_id = workflow_version_id
            return self.fail(message, now)
        event = self._changed(now)
        return replace(
            event,
            workflow_version_id=workflow_version_id,
            state=DeploymentState.ERROR,
            message=message,
        )

    def mark_deployed(self, now: datetime) -> Changed | None:
        """Deployed, its trigger running (again, after a restart: no event then)."""
        if self.state is DeploymentState.DEPLOYED:
            self._set_trigger(TriggerState.RUNNING)
            return None
        self._require(DeploymentState.DEPLOYING, "mark as deployed")
        self._set_trigger(TriggerState.RUNNING)
        return self._move(DeploymentState.DEPLOYED, now)

    def trigger_finished(self, now: datetime) -> Changed | None:
        """The source's ``run`` returned: still Deployed (no event: the state is the same)."""
        if self.state is DeploymentState.DEPLOYED:
            self._set_trigger(TriggerState.FINISHED)
            self.updated_at = now
        return None

    def trigger_failed(
        self, error: str, now: datetime, *, starting: bool, log_tail: str = ""
    ) -> Changed:
        """The trigger could not start, or stopped with ``error``: Error, with the last lines
        of its log in the message."""
        self._set_trigger(TriggerState.FAILED, error)
        if starting:
            message = f"the trigger could not start: {error}"
        else:
            message = f"the trigger stopped with an error: {error}; fix it and deploy again"
        if log_tail:
            message += f"\nlast lines of the trigger's log:\n{log_tail}"
        return self.fail(message, now)

    def fail(self, message: str, now: datetime) -> Changed:
        """Error, with a message telling the user what to do about it."""
        return self._move(DeploymentState.ERROR, now, message)

    def start_undeploy(self, now: datetime) -> Changed | None:
        if self.state in (DeploymentState.UNDEPLOYING, DeploymentState.UNDEPLOYED):
            return None
        self._set_trigger(None)
        return self._move(DeploymentState.UNDEPLOYING, now)

    def mark_undeployed(self, now: datetime) -> Changed | None:
        if self.state is DeploymentState.UNDEPLOYED:
            return None
        self._require(DeploymentState.UNDEPLOYING, "mark as undeployed")
        return self._move(DeploymentState.UNDEPLOYED, now)

    def _set_trigger(self, state: TriggerState | None, message: str = "") -> None:
        self.trigger_state, self.trigger_message = state, message

    def _require(self, state: DeploymentState, action: str) -> None:
        if self.state is not state:
            raise Conflict(f"cannot {action} a deployment that is {self.state}")

    def _move(self, state: DeploymentState, now: datetime, message: str = "") -> Changed:
        self.state, self.message, self.updated_at = state, message, now
        return self._changed(now)

    def _changed(self, now: datetime) -> Changed:
        return WorkflowDeploymentChanged(
            project_id=self.project_id,
            workflow_id=self.workflow_id,
            workflow_version_id=self.workflow_version_id,
            state=self.state,
            message=self.message,
            occurred_at=now,
        )
