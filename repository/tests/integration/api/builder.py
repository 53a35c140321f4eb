"""A fake action builder on the real bus: records repository events, answers with results."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from google.protobuf.message import Message

from flowloom.repository.infrastructure.messaging.protobuf.action_builder.v1 import (
    action_builder_events_pb2 as builder_pb,
)
from flowloom.repository.infrastructure.messaging.protobuf.authorization.v1 import (
    authorization_events_pb2 as authorization_pb,
)
from flowloom.repository.infrastructure.messaging.protobuf.repository.v1 import (
    repository_events_pb2 as pb,
)
from flowloom.servicekit.messaging import Envelope, MessageBus, QueueBinding

TYPES: dict[str, type[Message]] = {
    "action.build_requested": pb.ActionBuildRequested,
    "action.build_cancelled": pb.ActionBuildCancelled,
    "action.published": pb.ActionPublished,
    "action.unpublished": pb.ActionUnpublished,
}


@dataclass
class FakeBuilder:
    bus: MessageBus
    events: list[tuple[str, Message]] = field(default_factory=list)

    async def listen(self) -> None:
        await self.bus.declare_exchange("action-builder.events")
        await self.bus.declare_exchange("authorization.events")
        queue = f"test-{uuid.uuid4().hex[:8]}.repository.events"
        binding = QueueBinding(queue, "repository.events", ("action.#",))
        await self.bus.subscribe(binding, self._record)

    async def _record(self, envelope: Envelope) -> None:
        message = TYPES[envelope.routing_key].FromString(envelope.body)
        self.events.append((envelope.routing_key, message))

    def of(self, routing_key: str) -> list[Message]:
        return [message for key, message in self.events if key == routing_key]

    async def send(self, routing_key: str, message: Message, exchange: str = "") -> str:
        message_id = str(uuid.uuid4())
        await self.bus.publish(
            Envelope(
                exchange=exchange or "action-builder.events",
                routing_key=routing_key,
                type=message.DESCRIPTOR.full_name,
                body=message.SerializeToString(),
                message_id=message_id,
            )
        )
        return message_id

    async def started(self, project_id: str, build_id: str) -> None:
        await self.send(
            "build.started", builder_pb.ActionBuildStarted(build_id=build_id, project_id=project_id)
        )

    async def succeeded(self, project_id: str, build_id: str, logs: str = "") -> None:
        message = builder_pb.ActionBuildSucceeded(
            build_id=build_id,
            project_id=project_id,
            artefact=f"s3://artefacts/venv/{build_id}.tar.gz",
            artefact_digest="sha256:" + "ab" * 32,
            logs=logs,
            cache_hit=True,
            duration_seconds=4.5,
        )
        await self.send("build.succeeded", message)

    async def failed(self, project_id: str, build_id: str, error: str, logs: str = "") -> None:
        message = builder_pb.ActionBuildFailed(
            build_id=build_id, project_id=project_id, error=error, logs=logs, duration_seconds=1.0
        )
        await self.send("build.failed", message)

    async def project_deleted(self, project_id: str) -> None:
        message = authorization_pb.ProjectDeleted(event_id="e", project_id=project_id)
        await self.send("project.deleted", message, exchange="authorization.events")
