"""What the repository consumes: build results from the builders, project deletions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flowloom.repository.application.builds import BuildFailed, BuildService, BuildSucceeded
from flowloom.repository.application.projects import ProjectCleanup
from flowloom.repository.infrastructure.messaging.protobuf.action_builder.v1 import (
    action_builder_events_pb2 as builder_pb,
)
from flowloom.repository.infrastructure.messaging.protobuf.authorization.v1 import (
    authorization_events_pb2 as authorization_pb,
)
from flowloom.servicekit.database.inbox import idempotent
from flowloom.servicekit.messaging import Envelope, MessageBus, QueueBinding
from flowloom.servicekit.messaging.topology import exchange_name, queue_name

CONSUMER = "repository"


@dataclass(frozen=True, slots=True)
class Subscription:
    emitter: str
    routing_key: str
    handle: Callable[[Envelope], Awaitable[None]]

    def binding(self) -> QueueBinding:
        return QueueBinding(
            queue_name(CONSUMER, self.emitter, self.routing_key),
            exchange_name(self.emitter),
            (self.routing_key,),
        )


def subscriptions(builds: BuildService, cleanup: ProjectCleanup) -> list[Subscription]:
    async def started(envelope: Envelope) -> None:
        message = builder_pb.ActionBuildStarted.FromString(envelope.body)
        await builds.started(message.project_id, message.build_id)

    async def succeeded(envelope: Envelope) -> None:
        m = builder_pb.ActionBuildSucceeded.FromString(envelope.body)
        result = BuildSucceeded(
            m.build_id, m.artefact, m.artefact_digest, m.logs, m.cache_hit, m.duration_seconds
        )
        await builds.succeeded(m.project_id, result)

    async def failed(envelope: Envelope) -> None:
        m = builder_pb.ActionBuildFailed.FromString(envelope.body)
        result = BuildFailed(m.build_id, m.error, m.logs, m.cancelled, m.duration_seconds)
        await builds.failed(m.project_id, result)

    async def project_deleted(envelope: Envelope) -> None:
        message = authorization_pb.ProjectDeleted.FromString(envelope.body)
        await cleanup.project_deleted(message.project_id)

    return [
        Subscription("action-builder", "build.started", started),
        Subscription("action-builder", "build.succeeded", succeeded),
        Subscription("action-builder", "build.failed", failed),
        Subscription("authorization", "project.deleted", project_deleted),
    ]


async def subscribe_all(
    bus: MessageBus,
    sessions: async_sessionmaker[AsyncSession],
    inbox: Table,
    wanted: list[Subscription],
) -> None:
    """Each handler runs once per message id (inbox), acked after its effect commits."""
    for subscription in wanted:
        binding = subscription.binding()
        handler = idempotent(binding.queue, sessions, inbox, subscription.handle)
        await bus.subscribe(binding, handler)
