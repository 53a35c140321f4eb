"""Domain events of the runner, written to the outbox by the unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


def _new_event_id() -> str:
    return str(uuid.uuid4())


class DeploymentState(StrEnum):
    DEPLOYING = "Deploying"
    DEPLOYED = "Deployed"
    UNDEPLOYING = "Undeploying"
    UNDEPLOYED = "Undeployed"
    ERROR = "Error"


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Something that happened; ``event_id`` becomes the message id (consumers deduplicate)."""

    occurred_at: datetime
    event_id: str = field(default_factory=_new_event_id)


@dataclass(frozen=True, kw_only=True)
class WorkflowDeploymentChanged(DomainEvent):
    """A workflow version's deployment state changed; ``message`` says what to do on Error."""

    project_id: str
    workflow_id: str
    workflow_version_id: str
    state: DeploymentState
    message: str = ""
