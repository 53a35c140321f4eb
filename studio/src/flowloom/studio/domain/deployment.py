"""The deployment of a workflow as the studio sees it: which version, in which state."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from flowloom.studio.domain.errors import Conflict


class DeploymentState(StrEnum):
    """The runner's deployment states (``WorkflowDeploymentChanged``)."""

    DEPLOYING = "Deploying"
    DEPLOYED = "Deployed"
    UNDEPLOYING = "Undeploying"
    UNDEPLOYED = "Undeployed"
    ERROR = "Error"


@dataclass(frozen=True)
class Deployment:
    """The current (last requested) version of a workflow on the runner and its state.

    ``message`` is the runner's explanation (for Error). Only events about ``version_id`` are
    applied: a state of a version replaced since is stale.
    """

    workflow_id: str
    project: str
    version_id: str
    version_number: int
    state: DeploymentState
    message: str
    updated_at: datetime

    @property
    def is_live(self) -> bool:
        """Whether the runner may hold this workflow (deleting it now would orphan it)."""
        return self.state is not DeploymentState.UNDEPLOYED

    @classmethod
    def requested(
        cls, workflow_id: str, project: str, version_id: str, number: int, now: datetime
    ) -> Deployment:
        return cls(workflow_id, project, version_id, number, DeploymentState.DEPLOYING, "", now)

    def undeploy(self, now: datetime) -> Deployment:
        """Undeploying; Conflict when nothing is deployed."""
        if self.state in (DeploymentState.UNDEPLOYED, DeploymentState.UNDEPLOYING):
            raise Conflict("the workflow is not deployed")
        return replace(self, state=DeploymentState.UNDEPLOYING, message="", updated_at=now)

    def changed(
        self, version_id: str, state: DeploymentState, message: str, now: datetime
    ) -> Deployment | None:
        """The deployment after the runner reported ``state``; None when the report is stale.

        Once an undeploy is asked, the runner's Undeploying/Undeployed are about the workflow
        whatever version it still ran (it keeps the live version when it rejects a newer one).
        """
        undeploying = self.state is DeploymentState.UNDEPLOYING and state in (
            DeploymentState.UNDEPLOYING,
            DeploymentState.UNDEPLOYED,
        )
        if version_id != self.version_id and not undeploying:
            return None
        return replace(self, state=state, message=message, updated_at=now)
