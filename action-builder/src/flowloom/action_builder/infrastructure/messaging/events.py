"""Build events → protobuf envelopes on the `action-builder.events` exchange."""

from __future__ import annotations

from typing import Any

from google.protobuf.message import Message

from flowloom.action_builder.domain.build import (
    BuildEvent,
    BuildFailed,
    BuildStarted,
    BuildSucceeded,
)
from flowloom.action_builder.infrastructure.messaging.protobuf.action_builder.v1 import (
    action_builder_events_pb2 as pb,
)
from flowloom.servicekit.messaging import Envelope
from flowloom.servicekit.messaging.messages import envelope_of, stamped
from flowloom.servicekit.messaging.topology import exchange_name

EXCHANGE = exchange_name("action-builder")
STARTED, SUCCEEDED, FAILED = "build.started", "build.succeeded", "build.failed"


def to_envelope(event: BuildEvent) -> Envelope:
    # What every build event carries; each message adds its own fields.
    common: dict[str, Any] = {
        "event_id": event.event_id,
        "build_id": event.build_id,
        "project_id": event.project_id,
    }
    message: Message
    if isinstance(event, BuildStarted):
        routing_key = STARTED
        message = pb.ActionBuildStarted(**common)
    elif isinstance(event, BuildSucceeded):
        routing_key = SUCCEEDED
        message = pb.ActionBuildSucceeded(
            **common,
            artefact=event.artefact.uri,
            artefact_digest=event.artefact.digest,
            logs=event.logs,
            cache_hit=event.cache_hit,
            duration_seconds=event.duration_seconds,
        )
    elif isinstance(event, BuildFailed):
        routing_key = FAILED
        message = pb.ActionBuildFailed(
            **common,
            error=event.error,
            logs=event.logs,
            cancelled=event.cancelled,
            duration_seconds=event.duration_seconds,
        )
    else:  # pragma: no cover - exhaustive over BuildEvent
        raise TypeError(f"no message for {type(event).__name__}")
    return envelope_of(
        stamped(message, occurred_at=event.occurred_at),
        exchange=EXCHANGE,
        routing_key=routing_key,
        message_id=event.event_id,
        correlation_id=event.build_id,
    )
