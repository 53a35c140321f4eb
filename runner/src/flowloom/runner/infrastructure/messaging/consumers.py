"""What the runner consumes: deploy/undeploy orders and project secrets from the studio,
project deletions from authorization."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flowloom.runner.application.deployments import DeploymentService
from flowloom.runner.application.projects import ProjectCleanupService
from flowloom.runner.application.secrets import ProjectSecrets
from flowloom.runner.infrastructure.messaging.protobuf.authorization.v1 import (
    authorization_events_pb2 as authorization_pb,
)
from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import (
    studio_events_pb2 as studio_pb,
)
from flowloom.runner.infrastructure.messaging.transport import TransportCipher
from flowloom.runner.infrastructure.messaging.workflow_codec import workflow_version
from flowloom.servicekit.database.inbox import idempotent
from flowloom.servicekit.messaging import Envelope, MessageBus, QueueBinding
from flowloom.servicekit.messaging.topology import exchange_name, queue_name

log = logging.getLogger(__name__)
CONSUMER = "runner"


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


def subscriptions(
    deployments: DeploymentService,
    cleanup: ProjectCleanupService,
    secrets: ProjectSecrets,
    transport: TransportCipher,
) -> list[Subscription]:
    async def deployment_requested(envelope: Envelope) -> None:
        message = studio_pb.WorkflowDeploymentRequested.FromString(envelope.body)
        await deployments.deploy(message.project_id, workflow_version(message.version))

    async def undeployment_requested(envelope: Envelope) -> None:
        message = studio_pb.WorkflowUndeploymentRequested.FromString(envelope.body)
        await deployments.undeploy(message.project_id, message.workflow_id)

    async def project_deleted(envelope: Envelope) -> None:
        message = authorization_pb.ProjectDeleted.FromString(envelope.body)
        await cleanup.handle_project_deleted(message.project_id)

    async def secret_set(envelope: Envelope) -> None:
        message = studio_pb.ProjectSecretSet.FromString(envelope.body)
        value = transport.unseal(message.sealed_value)
        at = message.occurred_at.ToDatetime(tzinfo=UTC)
        await secrets.secret_set(message.project_id, message.name, value, at)

    async def secret_deleted(envelope: Envelope) -> None:
        message = studio_pb.ProjectSecretDeleted.FromString(envelope.body)
        at = message.occurred_at.ToDatetime(tzinfo=UTC)
        await secrets.secret_deleted(message.project_id, message.name, at)

    return [
        Subscription("studio", "workflow.deployment_requested", deployment_requested),
        Subscription("studio", "secret.set", secret_set),
        Subscription("studio", "secret.deleted", secret_deleted),
        Subscription("studio", "workflow.undeployment_requested", undeployment_requested),
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
