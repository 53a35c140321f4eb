"""What the studio consumes: published actions, deployment states, project deletions, token
revocations.

A message that cannot be read (bad protobuf, unknown kind or type) raises: the bus delivers it
again and then moves it to the queue's dead-letter queue, where an operator can look at it.
"""

from __future__ import annotations

from flowloom.servicekit.database.revocations import TokenRevocations
from flowloom.servicekit.messaging import Envelope
from flowloom.servicekit.messaging.subscriptions import (
    Subscription,
    project_deletion_subscription,
    revocation_subscription,
)
from flowloom.studio.application.actions import ActionStoreService
from flowloom.studio.application.deployments import DeploymentService
from flowloom.studio.application.projects import ProjectCleanupService
from flowloom.studio.domain.deployment import DeploymentState
from flowloom.studio.infrastructure.messaging.protobuf.authorization.v1 import (
    authorization_events_pb2 as authorization_pb,
)
from flowloom.studio.infrastructure.messaging.protobuf.repository.v1 import (
    repository_events_pb2 as repository_pb,
)
from flowloom.studio.infrastructure.messaging.protobuf.runner.v1 import (
    runner_events_pb2 as runner_pb,
)
from flowloom.studio.infrastructure.messaging.version_codec import (
    MalformedMessage,
    published_action,
)

CONSUMER = "studio"
STATES = {
    runner_pb.DEPLOYMENT_STATE_DEPLOYING: DeploymentState.DEPLOYING,
    runner_pb.DEPLOYMENT_STATE_DEPLOYED: DeploymentState.DEPLOYED,
    runner_pb.DEPLOYMENT_STATE_UNDEPLOYING: DeploymentState.UNDEPLOYING,
    runner_pb.DEPLOYMENT_STATE_UNDEPLOYED: DeploymentState.UNDEPLOYED,
    runner_pb.DEPLOYMENT_STATE_ERROR: DeploymentState.ERROR,
}


def subscriptions(
    actions: ActionStoreService,
    deployments: DeploymentService,
    cleanup: ProjectCleanupService,
    revocations: TokenRevocations,
) -> list[Subscription]:
    async def action_published(envelope: Envelope) -> None:
        message = repository_pb.ActionPublished.FromString(envelope.body)
        await actions.publish(published_action(message))

    async def action_unpublished(envelope: Envelope) -> None:
        m = repository_pb.ActionUnpublished.FromString(envelope.body)
        await actions.unpublish(m.project_id, m.technical_name, m.version)

    async def deployment_changed(envelope: Envelope) -> None:
        m = runner_pb.WorkflowDeploymentChanged.FromString(envelope.body)
        if m.state not in STATES:
            raise MalformedMessage(f"unknown deployment state {m.state}")
        await deployments.deployment_changed(
            m.project_id, m.workflow_id, m.workflow_version_id, STATES[m.state], m.message
        )

    return [
        Subscription(CONSUMER, "repository", "action.published", action_published),
        Subscription(CONSUMER, "repository", "action.unpublished", action_unpublished),
        Subscription(CONSUMER, "runner", "workflow.deployment_changed", deployment_changed),
        project_deletion_subscription(
            CONSUMER, authorization_pb.ProjectDeleted.FromString, cleanup.project_deleted
        ),
        revocation_subscription(CONSUMER, revocations, authorization_pb.TokensRevoked.FromString),
    ]
