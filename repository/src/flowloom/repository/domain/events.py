"""Domain events the repository emits (mapped to protobuf in infrastructure/messaging)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flowloom.repository.domain.build import Build
from flowloom.repository.domain.catalog import Action
from flowloom.repository.domain.source import Source


@dataclass(frozen=True)
class ActionBuildRequested:
    event_id: str
    build: Build
    action: Action
    time_limit_seconds: float
    requested_at: datetime


@dataclass(frozen=True)
class ActionBuildCancelled:
    event_id: str
    build_id: str
    project_id: str
    occurred_at: datetime


@dataclass(frozen=True)
class ActionPublished:
    """The full definition of a built action: what the studio shows and the runner starts."""

    event_id: str
    action: Action
    source: Source
    build: Build
    published_at: datetime


@dataclass(frozen=True)
class ActionUnpublished:
    event_id: str
    project_id: str
    action_id: str
    technical_name: str
    version: str
    occurred_at: datetime


DomainEvent = ActionBuildRequested | ActionBuildCancelled | ActionPublished | ActionUnpublished


def unpublished(event_id: str, action: Action, now: datetime) -> ActionUnpublished | None:
    """The event for a deleted action, or None when it was never published."""
    if not action.is_published:
        return None
    return ActionUnpublished(
        event_id,
        action.project_id,
        action.id,
        action.published_technical_name or "",
        action.published_version or "",
        now,
    )
