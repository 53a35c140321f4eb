"""A service's subscriptions: each message handled once (inbox), waiting out database outages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from flowloom.servicekit.database.inbox import idempotent
from flowloom.servicekit.database.revocations import TokenRevocations
from flowloom.servicekit.messaging.bus import (
    PREFETCH,
    Envelope,
    Handler,
    MessageBus,
    QueueBinding,
)
from flowloom.servicekit.messaging.topology import exchange_name, queue_name
from flowloom.servicekit.outages import OutageRetry
from flowloom.servicekit.revocations import RevocationMessage, revocation_of


@dataclass(frozen=True, slots=True)
class Subscription:
    """``consumer`` handles the messages ``emitter`` publishes under ``routing_key``,
    ``prefetch`` at a time."""

    consumer: str
    emitter: str
    routing_key: str
    handle: Callable[[Envelope], Awaitable[None]]
    prefetch: int = PREFETCH

    def binding(self) -> QueueBinding:
        return QueueBinding(
            queue_name(self.consumer, self.emitter, self.routing_key),
            exchange_name(self.emitter),
            (self.routing_key,),
            prefetch=self.prefetch,
        )


def revocation_subscription(
    consumer: str, revocations: TokenRevocations, parse: Callable[[bytes], RevocationMessage]
) -> Subscription:
    """``consumer``'s subscription to the token revocations authorization publishes
    (``tokens.revoked``), each read by ``parse`` (the consumer's generated
    ``TokensRevoked.FromString``) and added to ``revocations``."""

    async def tokens_revoked(envelope: Envelope) -> None:
        await revocations.revoke(revocation_of(parse(envelope.body)))

    return Subscription(consumer, "authorization", "tokens.revoked", tokens_revoked)


class _ProjectMessage(Protocol):
    @property
    def project_id(self) -> str: ...


def project_deletion_subscription(
    consumer: str,
    parse: Callable[[bytes], _ProjectMessage],
    forget: Callable[[str], Awaitable[None]],
) -> Subscription:
    """``consumer``'s subscription to the project deletions authorization publishes
    (``project.deleted``), each read by ``parse`` (the consumer's generated
    ``ProjectDeleted.FromString``): ``forget`` is given the deleted project's id."""

    async def project_deleted(envelope: Envelope) -> None:
        await forget(parse(envelope.body).project_id)

    return Subscription(consumer, "authorization", "project.deleted", project_deleted)


async def subscribe_all(
    bus: MessageBus,
    sessions: async_sessionmaker[AsyncSession],
    inbox: Table,
    wanted: list[Subscription],
    outages: OutageRetry,
) -> None:
    """Each handler runs once per message id (inbox), acked after its effect commits.

    A handler that meets a database outage is tried again in place until the database
    answers, the message unacknowledged meanwhile: a failed delivery would count towards the
    dead-letter queue (a few deliveries, about a second), so an outage would dead-letter it.
    Inside the inbox's context too, so that a retry after the first commit of a handler that
    commits more than once does not find its own message "already processed".
    """
    for subscription in wanted:
        binding = subscription.binding()
        handle = waiting_out_outages(outages, binding.queue, subscription.handle)
        handler = idempotent(binding.queue, sessions, inbox, handle)
        await bus.subscribe(binding, waiting_out_outages(outages, binding.queue, handler))


def waiting_out_outages(
    outages: OutageRetry, queue: str, handle: Callable[[Envelope], Awaitable[None]]
) -> Handler:
    """``handle``, tried again while the database cannot be reached."""

    async def handler(envelope: Envelope) -> None:
        await outages.run(
            lambda _: handle(envelope), "message %s of %s", envelope.message_id, queue
        )

    return handler
