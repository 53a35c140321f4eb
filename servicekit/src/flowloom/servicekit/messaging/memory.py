"""In-process message bus for embedded mode: AMQP topic semantics on asyncio queues."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections import deque
from dataclasses import dataclass, replace
from typing import ClassVar
from urllib.parse import urlsplit

from flowloom.servicekit.messaging.bus import Envelope, Handler, MessageBus, QueueBinding

logger = logging.getLogger(__name__)

_FIRST_RETRY_DELAY = 0.05
_MAX_RETRY_DELAY = 1.0


def topic_matches(pattern: str, routing_key: str) -> bool:
    """Whether an AMQP topic binding key matches a routing key (``*`` one word, ``#`` any)."""
    words = routing_key.split(".") if routing_key else []
    parts = pattern.split(".") if pattern else []
    states = _skip_hashes(parts, {0})
    for word in words:
        following = set()
        for index in states:
            if index == len(parts):
                continue
            if parts[index] == "#":
                following.add(index)
            elif parts[index] in ("*", word):
                following.add(index + 1)
        states = _skip_hashes(parts, following)
    return len(parts) in states


def _skip_hashes(parts: list[str], states: set[int]) -> set[int]:
    """Add the states reached by letting each ``#`` match zero words."""
    result = set(states)
    pending = list(states)
    while pending:
        index = pending.pop()
        if index < len(parts) and parts[index] == "#" and index + 1 not in result:
            result.add(index + 1)
            pending.append(index + 1)
    return result


def retry_delay(deliveries: int) -> float:
    """Pause before redelivering a message whose handler failed ``deliveries`` times."""
    return float(min(_FIRST_RETRY_DELAY * 2 ** max(deliveries - 1, 0), _MAX_RETRY_DELAY))


@dataclass(slots=True)
class _Delivery:
    envelope: Envelope
    deliveries: int = 0


class _MemoryQueue:
    """A durable queue: keeps messages whether or not a consumer is attached."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._ready: deque[_Delivery] = deque()
        self._waiters: set[asyncio.Event] = set()

    def put(self, delivery: _Delivery, *, front: bool = False) -> None:
        if front:
            self._ready.appendleft(delivery)
        else:
            self._ready.append(delivery)
        for waiter in self._waiters:
            waiter.set()

    async def take(self) -> _Delivery:
        waiter = asyncio.Event()
        self._waiters.add(waiter)
        try:
            while not self._ready:
                waiter.clear()
                await waiter.wait()
            return self._ready.popleft()
        finally:
            self._waiters.discard(waiter)

    def drain(self) -> list[_Delivery]:
        drained = list(self._ready)
        self._ready.clear()
        return drained


class MemoryBroker:
    """Exchanges, bindings and queues shared by every ``MemoryBus`` of one name in a process.

    Used from a single event loop, like the services of an embedded platform.
    """

    _brokers: ClassVar[dict[str, MemoryBroker]] = {}

    def __init__(self) -> None:
        self._bindings: dict[str, dict[str, set[str]]] = {}
        self._queues: dict[str, _MemoryQueue] = {}

    @classmethod
    def named(cls, name: str) -> MemoryBroker:
        """The process-wide broker called ``name``, created on first use."""
        return cls._brokers.setdefault(name, cls())

    @classmethod
    def reset_all(cls) -> None:
        """Forget every broker and its messages (for tests)."""
        cls._brokers.clear()

    def declare_exchange(self, name: str) -> None:
        self._bindings.setdefault(name, {})

    def declare_queue(self, name: str) -> _MemoryQueue:
        return self._queues.setdefault(name, _MemoryQueue(name))

    def bind(self, queue: str, exchange: str, routing_key: str) -> None:
        self.declare_exchange(exchange)
        self.declare_queue(queue)
        self._bindings[exchange].setdefault(queue, set()).add(routing_key)

    def route(self, envelope: Envelope) -> None:
        """Put one copy in every queue with a matching binding; drop it when there is none."""
        for queue, patterns in self._bindings.get(envelope.exchange, {}).items():
            if any(topic_matches(pattern, envelope.routing_key) for pattern in patterns):
                self._queues[queue].put(_Delivery(envelope))


class _MemoryConsumer:
    """Delivers a queue's messages to a handler, at most ``prefetch`` at a time."""

    def __init__(self, broker: MemoryBroker, binding: QueueBinding, handler: Handler) -> None:
        self._queue = broker.declare_queue(binding.queue)
        self._dead_letters = broker.declare_queue(binding.dead_letter_queue)
        self._binding = binding
        self._handler = handler
        # As in AMQP, a prefetch of 0 means no limit.
        self._slots = asyncio.Semaphore(binding.prefetch if binding.prefetch > 0 else sys.maxsize)
        self._tasks: set[asyncio.Task[None]] = set()
        self._unacked: dict[int, _Delivery] = {}
        self._tasks.add(asyncio.create_task(self._consume(), name=f"consume {binding.queue}"))

    async def _consume(self) -> None:
        while True:
            await self._slots.acquire()
            try:
                delivery = await self._queue.take()
            except asyncio.CancelledError:
                self._slots.release()
                raise
            self._unacked[id(delivery)] = delivery
            task = asyncio.create_task(self._deliver(delivery))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _deliver(self, delivery: _Delivery) -> None:
        try:
            await self._attempt(delivery)
        finally:
            self._slots.release()

    async def _attempt(self, delivery: _Delivery) -> None:
        delivery.deliveries += 1
        try:
            await self._handler(delivery.envelope)
        except Exception:
            logger.warning(
                "Handler failed on %s (delivery %d of %d)",
                self._binding.queue,
                delivery.deliveries,
                self._binding.max_deliveries,
                exc_info=True,
            )
            if delivery.deliveries >= self._binding.max_deliveries:
                self._dead_letters.put(_Delivery(self._unacked.pop(id(delivery)).envelope))
                return
            await asyncio.sleep(retry_delay(delivery.deliveries))
            self._queue.put(self._unacked.pop(id(delivery)), front=True)
        else:
            del self._unacked[id(delivery)]

    async def stop(self) -> None:
        """Cancel the consumer and its handlers; unacknowledged messages go back to the queue."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for delivery in reversed(self._unacked.values()):
            self._queue.put(delivery, front=True)
        self._unacked.clear()


class MemoryBus(MessageBus):
    """The in-process adapter: ``memory://`` uses broker "default", ``memory://name`` "name"."""

    def __init__(self, url: str = "memory://") -> None:
        parts = urlsplit(url)
        if parts.scheme != "memory":
            raise ValueError(f"not a memory bus URL: scheme {parts.scheme!r}")
        self._broker = MemoryBroker.named((parts.netloc + parts.path).strip("/") or "default")
        self._consumers: list[_MemoryConsumer] = []
        self._started = False

    async def start(self) -> None:
        self._started = True

    async def close(self) -> None:
        self._started = False
        consumers, self._consumers = self._consumers, []
        for consumer in consumers:
            await consumer.stop()

    async def check(self) -> None:
        self._require_started()  # the broker lives in this process: up while it runs

    async def declare_exchange(self, name: str) -> None:
        self._require_started()
        self._broker.declare_exchange(name)

    async def publish(self, envelope: Envelope) -> None:
        self._require_started()
        self._broker.declare_exchange(envelope.exchange)
        # A snapshot, so that the sender mutating its headers cannot change a queued message.
        self._broker.route(replace(envelope, headers=dict(envelope.headers)))

    async def subscribe(self, binding: QueueBinding, handler: Handler) -> None:
        self._require_started()
        self._broker.declare_queue(binding.dead_letter_queue)
        self._broker.declare_queue(binding.queue)
        for routing_key in binding.routing_keys:
            self._broker.bind(binding.queue, binding.exchange, routing_key)
        self._consumers.append(_MemoryConsumer(self._broker, binding, handler))

    async def dead_letters(self, binding: QueueBinding) -> list[Envelope]:
        self._require_started()
        queue = self._broker.declare_queue(binding.dead_letter_queue)
        return [delivery.envelope for delivery in queue.drain()]

    def _require_started(self) -> None:
        if not self._started:
            raise RuntimeError("the message bus is not started")
