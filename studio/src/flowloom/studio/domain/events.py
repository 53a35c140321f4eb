"""What the studio tells the runner: deploy this frozen version, undeploy that workflow, and
the project secrets it resolves when an execution starts."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class SecretSet:
    """A secret was created or changed. ``value`` is in clear in memory only: the messaging
    adapter seals it before it reaches the outbox, and ``repr`` leaves it out."""

    event_id: str
    project: str
    name: str
    value: str = field(repr=False)
    occurred_at: datetime


@dataclass(frozen=True)
class SecretDeleted:
    event_id: str
    project: str
    name: str
    occurred_at: datetime


DomainEvent = (
    WorkflowDeploymentRequested | WorkflowUndeploymentRequested | SecretSet | SecretDeleted
)
