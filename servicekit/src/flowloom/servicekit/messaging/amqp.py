"""RabbitMQ adapter of the message bus: aio-pika robust connection, quorum queues, confirms."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from typing import Any

import aio_pika
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustChannel,
    AbstractRobustConnection,
)
from aiormq.exceptions import AMQPChannelError, AMQPError, ChannelInvalidStateError

from flowloom.servicekit.messaging.bus import Envelope, Handler, MessageBus, QueueBinding
from flowloom.servicekit.messaging.memory import retry_delay

logger = logging.getLogger(__name__)

DEAD_LETTER_EXCHANGE = "flowloom.dead-letter"
CONTENT_TYPE = "application/x-protobuf"
# Worth retrying a publish for, as the robust connection restores the channel meanwhile.
_TRANSIENT_ERRORS = (AMQPChannelError, ConnectionError, ChannelInvalidStateError, TimeoutError)
# Failures to talk to the broker at all (ChannelInvalidStateError is a RuntimeError).
_BROKER_ERRORS = (AMQPError, ChannelInvalidStateError, ConnectionError, TimeoutError)
_BROKER_HEADERS = ("x-death", "x-first-death-", "x-last-death-", "x-delivery-count")


class BrokerUnavailable(ConnectionError):
    """The bus has no connection to the broker now."""


class AmqpBus(MessageBus):
    """The RabbitMQ adapter.

    ``publish`` retries through a reconnection until ``publish_timeout`` and then raises, so a
    message is never dropped silently (a retry after a lost confirm may duplicate it; consumers
    are idempotent). Each subscription has its own channel, so ``prefetch`` is per queue.
    """

    def __init__(
        self,
        url: str,
        *,
        publish_timeout: float = 10.0,
        reconnect_interval: float = 1.0,
        dead_letter_exchange: str = DEAD_LETTER_EXCHANGE,
    ) -> None:
        self._url = url
        self._publish_timeout = publish_timeout
        self._reconnect_interval = reconnect_interval
        self._dead_letter_exchange = dead_letter_exchange
        self._connection: AbstractRobustConnection | None = None
        self._publisher: AbstractRobustChannel | None = None
        self._exchanges: dict[str, AbstractExchange] = {}
        self._consumers: list[tuple[AbstractQueue, str]] = []
        self._handling: set[asyncio.Task[Any]] = set()

    async def start(self) -> None:
        self._connection = await aio_pika.connect_robust(
            self._url, reconnect_interval=self._reconnect_interval
        )
        self._publisher = await self._connection.channel(publisher_confirms=True)

    async def close(self) -> None:
        consumers, self._consumers = self._consumers, []
        for queue, consumer_tag in consumers:
            try:
                async with asyncio.timeout(1.0):  # never wait for a reconnection on shutdown
                    await queue.cancel(consumer_tag)
            except _BROKER_ERRORS as error:
                logger.debug("Could not cancel consumer of %s: %r", queue.name, error)
        handling = list(self._handling)
        for task in handling:
            task.cancel()
        # Unacknowledged messages return to their queue when the channels close.
        await asyncio.gather(*handling, return_exceptions=True)
        if self._connection is not None:
            await self._connection.close()
        self._connection, self._publisher = None, None
        self._exchanges.clear()

    async def check(self) -> None:
        """The connection is up: it drops at once when the broker closes it or dies (the
        socket closes, or heartbeats stop), and is back once the robust connection has
        reconnected."""
        connection = self._require_connection()
        if connection.is_closed or not connection.connected.is_set():
            raise BrokerUnavailable("not connected to the broker (reconnecting)")

    async def declare_exchange(self, name: str) -> None:
        await self._exchange(name)

    async def publish(self, envelope: Envelope) -> None:
        message = _to_message(envelope)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._publish_timeout
        while True:
            try:
                async with asyncio.timeout_at(deadline):
                    exchange = await self._exchange(envelope.exchange)
                    await exchange.publish(message, envelope.routing_key, mandatory=False)
                return
            except _TRANSIENT_ERRORS as error:
                if loop.time() >= deadline:
                    raise
                logger.warning("Publish of %s failed, retrying: %r", envelope.message_id, error)
                with contextlib.suppress(TimeoutError):  # the next attempt raises the real error
                    async with asyncio.timeout_at(deadline):
                        await self._require_publisher().ready()

    async def subscribe(self, binding: QueueBinding, handler: Handler) -> None:
        channel = await self._require_connection().channel()
        await channel.set_qos(prefetch_count=binding.prefetch)
        exchange = await _declare_topic_exchange(channel, binding.exchange)
        await self._declare_dead_letter_queue(channel, binding)
        queue = await channel.declare_queue(
            binding.queue,
            durable=True,
            arguments={
                "x-queue-type": "quorum",
                # A quorum queue dead-letters a message returned more than x-delivery-limit
                # times: the handler runs at most limit + 1 = max_deliveries times.
                "x-delivery-limit": max(binding.max_deliveries - 1, 0),
                "x-dead-letter-exchange": self._dead_letter_exchange,
                "x-dead-letter-routing-key": binding.dead_letter_queue,
            },
        )
        for routing_key in binding.routing_keys:
            await queue.bind(exchange, routing_key)
        tag = await queue.consume(functools.partial(self._handle, binding, handler))
        self._consumers.append((queue, tag))

    async def dead_letters(self, binding: QueueBinding) -> list[Envelope]:
        channel = await self._require_connection().channel()
        try:
            queue = await self._declare_dead_letter_queue(channel, binding)
            drained: list[Envelope] = []
            while (message := await queue.get(no_ack=False, fail=False)) is not None:
                drained.append(_to_envelope(message))
                await message.ack()
            return drained
        finally:
            await channel.close()

    async def _handle(
        self, binding: QueueBinding, handler: Handler, message: AbstractIncomingMessage
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handling.add(task)
        try:
            await self._process(binding, handler, message)
        except _BROKER_ERRORS as error:
            # The broker will redeliver the unsettled message after the reconnection.
            logger.warning("Could not settle a message from %s: %r", binding.queue, error)
        finally:
            self._handling.discard(task)

    async def _process(
        self, binding: QueueBinding, handler: Handler, message: AbstractIncomingMessage
    ) -> None:
        returned = message.headers.get("x-delivery-count")  # set by quorum queues
        failed = (returned if isinstance(returned, int) else 0) + 1
        try:
            await handler(_to_envelope(message))
        except Exception:
            logger.warning(
                "Handler failed on %s (delivery %d of %d)",
                binding.queue,
                failed,
                binding.max_deliveries,
                exc_info=True,
            )
            if failed < binding.max_deliveries:
                await asyncio.sleep(retry_delay(failed))
            # Requeue, so that the quorum queue counts the delivery and dead-letters at the limit.
            await message.reject(requeue=True)
        else:
            await message.ack()

    async def _declare_dead_letter_queue(
        self, channel: AbstractChannel, binding: QueueBinding
    ) -> AbstractQueue:
        exchange = await channel.declare_exchange(
            self._dead_letter_exchange, aio_pika.ExchangeType.DIRECT, durable=True
        )
        queue = await channel.declare_queue(
            binding.dead_letter_queue, durable=True, arguments={"x-queue-type": "quorum"}
        )
        await queue.bind(exchange, binding.dead_letter_queue)
        return queue

    async def _exchange(self, name: str) -> AbstractExchange:
        if name not in self._exchanges:
            publisher = self._require_publisher()
            self._exchanges[name] = await _declare_topic_exchange(publisher, name)
        return self._exchanges[name]

    def _require_connection(self) -> AbstractRobustConnection:
        if self._connection is None:
            raise RuntimeError("the message bus is not started")
        return self._connection

    def _require_publisher(self) -> AbstractRobustChannel:
        if self._publisher is None:
            raise RuntimeError("the message bus is not started")
        return self._publisher


async def _declare_topic_exchange(channel: AbstractChannel, name: str) -> AbstractExchange:
    return await channel.declare_exchange(name, aio_pika.ExchangeType.TOPIC, durable=True)


def _to_message(envelope: Envelope) -> aio_pika.Message:
    return aio_pika.Message(
        body=envelope.body,
        headers=dict(envelope.headers),
        content_type=CONTENT_TYPE,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        type=envelope.type,
        message_id=envelope.message_id,
        correlation_id=envelope.correlation_id,
    )


def _to_envelope(message: AbstractIncomingMessage) -> Envelope:
    """Rebuild the published envelope; a dead letter gets its original exchange and key back."""
    exchange, routing_key = _original_route(message)
    return Envelope(
        exchange=exchange,
        routing_key=routing_key,
        type=message.type or "",
        body=message.body,
        message_id=message.message_id or "",
        correlation_id=message.correlation_id,
        headers={
            key: _text(value)
            for key, value in message.headers.items()
            if not key.startswith(_BROKER_HEADERS)
        },
    )


def _original_route(message: AbstractIncomingMessage) -> tuple[str, str]:
    deaths = message.headers.get("x-death")
    if not isinstance(deaths, list) or not deaths or not isinstance(deaths[-1], dict):
        return message.exchange or "", message.routing_key or ""
    first_death = deaths[-1]  # x-death lists the most recent death first
    keys = first_death.get("routing-keys")
    routing_key = keys[0] if isinstance(keys, list) and keys else message.routing_key
    return _text(first_death.get("exchange", "")), _text(routing_key or "")


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
