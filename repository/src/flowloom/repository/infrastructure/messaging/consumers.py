"""What the repository consumes: build results from the builders, project deletions and
token revocations from authorization."""

from __future__ import annotations

from flowloom.repository.application.builds import BuildFailed, BuildService, BuildSucceeded
from flowloom.repository.application.projects import ProjectCleanupService
from flowloom.repository.infrastructure.messaging.protobuf.action_builder.v1 import (
    action_builder_events_pb2 as builder_pb,
)
from flowloom.repository.infrastructure.messaging.protobuf.authorization.v1 import (
    authorization_events_pb2 as authorization_pb,
)
from flowloom.servicekit.database.revocations import TokenRevocations
from flowloom.servicekit.messaging import Envelope
from flowloom.servicekit.messaging.subscriptions import (
    Subscription,
    project_deletion_subscription,
    revocation_subscription,
)

CONSUMER = "repository"


def subscriptions(
    builds: BuildService, cleanup: ProjectCleanupService, revocations: TokenRevocations
) -> list[Subscription]:
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

    return [
        Subscription(CONSUMER, "action-builder", "build.started", started),
        Subscription(CONSUMER, "action-builder", "build.succeeded", succeeded),
        Subscription(CONSUMER, "action-builder", "build.failed", failed),
        project_deletion_subscription(
            CONSUMER, authorization_pb.ProjectDeleted.FromString, cleanup.project_deleted
        ),
        revocation_subscription(CONSUMER, revocations, authorization_pb.TokensRevoked.FromString),
    ]
