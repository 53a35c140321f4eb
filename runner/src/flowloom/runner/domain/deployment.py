"""The Deployment aggregate: one per workflow, its state machine and its webhook key."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from flowloom.runner.domain.errors import Conflict
from flowloom.runner.domain.events import DeploymentState, WorkflowDeploymentChanged

Changed = WorkflowDeploymentChanged


@dataclass
class Deployment:
    """A workflow made live: Deploying -> Deployed | Error; Deployed -> Undeploying -> Undeployed.

    Every transition returns the event to emit; a transition that changes nothing returns None.
    ``webhook_key`` is generated once per workflow and kept across versions.
    """

    project_id: str
    workflow_id: str
    workflow_version_id: str
    webhook_key: str
    state: DeploymentState
    updated_at: datetime
    message: str = ""

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
        return self._move(DeploymentState.DEPLOYING, now)

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
        if self.state is DeploymentState.DEPLOYED:
            return None
        self._require(DeploymentState.DEPLOYING, "mark as deployed")
        return self._move(DeploymentState.DEPLOYED, now)

    def fail(self, message: str, now: datetime) -> Changed:
        """Error, with a message telling the user what to do about it."""
        return self._move(DeploymentState.ERROR, now, message)

    def start_undeploy(self, now: datetime) -> Changed | None:
        if self.state in (DeploymentState.UNDEPLOYING, DeploymentState.UNDEPLOYED):
            return None
        return self._move(DeploymentState.UNDEPLOYING, now)

    def mark_undeployed(self, now: datetime) -> Changed | None:
        if self.state is DeploymentState.UNDEPLOYED:
            return None
        self._require(DeploymentState.UNDEPLOYING, "mark as undeployed")
        return self._move(DeploymentState.UNDEPLOYED, now)

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
