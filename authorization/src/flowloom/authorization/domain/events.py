"""Domain events of the authorization service, written to the outbox by the unit of work."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime


def _new_event_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Something that happened; ``event_id`` becomes the message id (consumers deduplicate)."""

    occurred_at: datetime
    event_id: str = field(default_factory=_new_event_id)


@dataclass(frozen=True, kw_only=True)
class ProjectDeleted(DomainEvent):
    """A project and everything of it in this service is gone; other services clean up."""

    project_id: str
