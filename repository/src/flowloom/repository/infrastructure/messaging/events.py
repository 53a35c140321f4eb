"""Domain events → protobuf envelopes on the `repository.events` exchange."""

from __future__ import annotations

import json
from typing import Any

from google.protobuf.message import Message

from flowloom.repository.domain.action import ActionDefinition
from flowloom.repository.domain.catalog import Action
from flowloom.repository.domain.events import (
    ActionBuildCancelled,
    ActionBuildRequested,
    ActionPublished,
    ActionUnpublished,
)
from flowloom.repository.infrastructure.messaging.definitions import (
    io_item,
    python_version,
    resources,
)
from flowloom.repository.infrastructure.messaging.protobuf.repository.v1 import (
    repository_events_pb2 as pb,
)
from flowloom.servicekit.messaging import Envelope
from flowloom.servicekit.messaging.messages import envelope_of, stamped
from flowloom.servicekit.messaging.topology import exchange_name

EXCHANGE = exchange_name("repository")
BUILD_REQUESTED = "action.build_requested"
BUILD_CANCELLED = "action.build_cancelled"
PUBLISHED = "action.published"
UNPUBLISHED = "action.unpublished"


def to_envelope(event: object) -> Envelope:
    """Every event the repository emits; an unknown event is a programming error."""
    if isinstance(event, ActionBuildRequested):
        return _envelope(build_requested(event), BUILD_REQUESTED, event.event_id)
    if isinstance(event, ActionBuildCancelled):
        return _envelope(build_cancelled(event), BUILD_CANCELLED, event.event_id)
    if isinstance(event, ActionPublished):
        return _envelope(published(event), PUBLISHED, event.event_id)
    if isinstance(event, ActionUnpublished):
        return _envelope(unpublished(event), UNPUBLISHED, event.event_id)
    raise TypeError(f"no message for domain event {type(event).__name__}")


def _envelope(message: Message, routing_key: str, event_id: str) -> Envelope:
    return envelope_of(message, exchange=EXCHANGE, routing_key=routing_key, message_id=event_id)


def build_cancelled(event: ActionBuildCancelled) -> pb.ActionBuildCancelled:
    message = pb.ActionBuildCancelled(
        event_id=event.event_id, build_id=event.build_id, project_id=event.project_id
    )
    return stamped(message, occurred_at=event.occurred_at)


def unpublished(event: ActionUnpublished) -> pb.ActionUnpublished:
    """Every field of the event but its time, under the same name."""
    names = ("event_id", "project_id", "action_id", "technical_name", "version")
    message = pb.ActionUnpublished(**{name: getattr(event, name) for name in names})
    return stamped(message, occurred_at=event.occurred_at)


def build_requested(event: ActionBuildRequested) -> pb.ActionBuildRequested:
    action, build = event.action, event.build
    definition = _definition(action)
    message = pb.ActionBuildRequested(
        event_id=event.event_id,
        build_id=build.id,
        project_id=build.project_id,
        **_naming(action, definition),
        source_archive=build.source_archive,
        content_digest=build.content_digest,
        python_version=python_version(definition),
        dependencies=list(definition.dependencies),
        time_limit_seconds=event.time_limit_seconds,
    )
    return stamped(message, requested_at=event.requested_at)


def published(event: ActionPublished) -> pb.ActionPublished:
    action, build, source = event.action, event.build, event.source
    definition = _definition(action)
    message = pb.ActionPublished(
        event_id=event.event_id,
        project_id=action.project_id,
        **_naming(action, definition),
        human_name=definition.human_name,
        description=definition.description or "",
        categories=list(definition.categories),
        logo=action.logo or b"",
        logo_media_type=action.logo_media_type or "",
        inputs=[io_item(item) for item in definition.inputs],
        outputs=[io_item(item) for item in definition.outputs],
        dynamic_outputs=definition.dynamic_outputs,
        resources=resources(definition),
        addons_json=json.dumps(definition.addons, sort_keys=True),
        artefact=build.artefact or "",
        source_id=source.id,
        source_name=source.name,
        source_sha=build.sha,
        content_digest=build.content_digest,
        build_id=build.id,
    )
    return stamped(message, published_at=event.published_at)


def _definition(action: Action) -> ActionDefinition:
    """The metadata of an action being built or published, which its scan validated."""
    assert action.definition is not None, "only a validated action is built or published"
    return action.definition


def _naming(action: Action, definition: ActionDefinition) -> dict[str, Any]:
    """The fields that name the action in both the build order and the publication."""
    return {
        "action_id": action.id,
        "technical_name": definition.id,
        "version": definition.version or "",
        "kind": definition.kind,
        "type": definition.type,
    }
