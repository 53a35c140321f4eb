"""What the runner consumes: deploy/undeploy orders and project secrets from the studio,
project deletions and token revocations from authorization."""

from __future__ import annotations

import logging
from datetime import UTC

from flowloom.runner.application.deployments import DeploymentService
from flowloom.runner.application.projects import ProjectCleanupService
from flowloom.runner.application.secrets import ProjectSecretService
from flowloom.runner.infrastructure.messaging.protobuf.authorization.v1 import (
    authorization_events_pb2 as authorization_pb,
)
from flowloom.runner.infrastructure.messaging.protobuf.studio.v1 import (
    studio_events_pb2 as studio_pb,
)
from flowloom.runner.infrastructure.messaging.transport import TransportCipher
from flowloom.runner.infrastructure.messaging.workflow_codec import workflow_version
from flowloom.servicekit.database.revocations import TokenRevocations
from flowloom.servicekit.messaging import Envelope
from flowloom.servicekit.messaging.subscriptions import (
    Subscription,
    project_deletion_subscription,
    revocation_subscription,
)

log = logging.getLogger(__name__)
CONSUMER = "runner"


def subscriptions(
    deployments: DeploymentService,
    cleanup: ProjectCleanupService,
    secrets: ProjectSecretService,
    transport: TransportCipher,
    revocations: TokenRevocations,
) -> list[Subscription]:
    async def deployment_requested(envelope: Envelope) -> None:
        message = studio_pb.WorkflowDeploymentRequested.FromString(envelope.body)
        await deployments.deploy(message.project_id, workflow_version(message.version))

    async def undeployment_requested(envelope: Envelope) -> None:
        message = studio_pb.WorkflowUndeploymentRequested.FromString(envelope.body)
        await deployments.undeploy(message.project_id, message.workflow_id)

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
        Subscription(CONSUMER, "studio", "workflow.deployment_requested", deployment_requested),
        Subscription(CONSUMER, "studio", "secret.set", secret_set),
        Subscription(CONSUMER, "studio", "secret.deleted", secret_deleted),
        Subscription(CONSUMER, "studio", "workflow.undeployment_requested", undeployment_requested),
        project_deletion_subscription(
            CONSUMER, authorization_pb.ProjectDeleted.FromString, cleanup.handle_project_deleted
        ),
        revocation_subscription(CONSUMER, revocations, authorization_pb.TokensRevoked.FromString),
    ]
