"""What the studio tells the runner: deploy this frozen version, undeploy that workflow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flowloom.studio.domain.freeze import FrozenVersion


@dataclass(frozen=True)
class WorkflowDeploymentRequested:
    event_id: str
    project: str
    version: FrozenVersion
    occurred_at: datetime


@dataclass(frozen=True)
class WorkflowUndeploymentRequested:
    event_id: str
    project: str
    workflow_id: str
    occurred_at: datetime


DomainEvent = WorkflowDeploymentRequested | WorkflowUndeploymentRequested
