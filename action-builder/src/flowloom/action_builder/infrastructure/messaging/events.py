"""Build events → protobuf envelopes on the `action-builder.events` exchange."""

from __future__ import annotations

from datetime import datetime

from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

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
from flowloom.servicekit.messaging.topology import exchange_name

EXCHANGE = exchange_name("action-builder")
STARTED, SUCCEEDED, FAILED = "build.started", "build.succeeded", "build.failed"


def _timestamp(at: datetime) -> Timestamp:
    stamp = Timestamp()
    stamp.FromDatetime(at)
    return stamp


def to_envelope(event: BuildEvent) -> Envelope:
    message: Message
    if isinstance(event, BuildStarted):
        routing_key = STARTED
        message = pb.ActionBuildStarted(
            event_id=event.event_id,
            build_id=event.build_id,
            project_id=event.project_id,
            occurred_at=_timestamp(event.occurred_at),
        )
    elif isinstance(event, BuildSucceeded):
        routing_key = SUCCEEDED
        message = pb.ActionBuildSucceeded(
            event_id=event.event_id,
            build_id=event.build_id,
            project_id=event.project_id,
            artefact=event.artefact.uri,
            artefact_digest=event.artefact.digest,
            logs=event.logs,
            cache_hit=event.cache_hit,
            duration_seconds=event.duration_seconds,
            occurred_at=_timestamp(event.occurred_at),
        )
    elif isinstance(event, BuildFailed):
        routing_key = FAILED
        message = pb.ActionBuildFailed(
            event_id=event.event_id,
            build_id=event.build_id,
            project_id=event.project_id,
            error=event.error,
            logs=event.logs,
            cancelled=event.cancelled,
            duration_seconds=event.duration_seconds,
            occurred_at=_timestamp(event.occurred_at),
        )
    else:  # pragma: no cover - exhaustive over BuildEvent
        raise TypeError(f"no message for {type(event).__name__}")
    return Envelope(
        exchange=EXCHANGE,
        routing_key=routing_key,
        type=message.DESCRIPTOR.full_name,
        body=message.SerializeToString(),
        message_id=event.event_id,
        correlation_id=event.build_id,
    )
