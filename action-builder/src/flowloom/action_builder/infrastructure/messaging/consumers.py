"""What the builder consumes: build orders and cancellations from the repository."""

from __future__ import annotations

from flowloom.action_builder.application.builds import BuildService
from flowloom.action_builder.domain.build import BuildOrder
from flowloom.action_builder.infrastructure.messaging.protobuf.repository.v1 import (
    repository_events_pb2 as repository_pb,
)
from flowloom.servicekit.kernel import copied
from flowloom.servicekit.messaging import Envelope, MessageBus
from flowloom.servicekit.messaging.subscriptions import Subscription

CONSUMER = "action-builder"
EMITTER = "repository"
BUILD_REQUESTED = "action.build_requested"
BUILD_CANCELLED = "action.build_cancelled"


def build_order(message: repository_pb.ActionBuildRequested) -> BuildOrder:
    """The order's fields, read from the message's fields of the same names."""
    return copied(BuildOrder, message, dependencies=tuple(message.dependencies))


def subscriptions(builds: BuildService, concurrency: int) -> list[Subscription]:
    """Orders: `concurrency` at a time, each acknowledged once its result is published."""

    async def build_requested(envelope: Envelope) -> None:
        message = repository_pb.ActionBuildRequested.FromString(envelope.body)
        await builds.build(build_order(message))

    async def build_cancelled(envelope: Envelope) -> None:
        message = repository_pb.ActionBuildCancelled.FromString(envelope.body)
        await builds.cancel(message.build_id)

    # Cancellations first: one waiting in its queue is remembered before its order arrives.
    return [
        Subscription(CONSUMER, EMITTER, BUILD_CANCELLED, build_cancelled, prefetch=32),
        Subscription(CONSUMER, EMITTER, BUILD_REQUESTED, build_requested, prefetch=concurrency),
    ]


async def subscribe_all(bus: MessageBus, wanted: list[Subscription]) -> None:
    """Without servicekit's inbox: a redelivered order is recognised by its ended build."""
    for subscription in wanted:
        await bus.subscribe(subscription.binding(), subscription.handle)
