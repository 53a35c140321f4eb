"""One contract for every message bus adapter: the memory bus and RabbitMQ behave alike."""

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import aio_pika
import pytest

from flowloom.servicekit.messaging import Envelope, MessageBus, QueueBinding, create_bus
from flowloom.servicekit.messaging.memory import MemoryBroker
from flowloom.testkit.testing import drop_amqp_connection, eventually, require_service

AMQP_URL = os.environ.get("FLOWLOOM_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
EVENT_TYPE = "flowloom.test.v1.ThingHappened"


@pytest.fixture(params=["memory", "amqp"])
def bus_url(request: pytest.FixtureRequest) -> str:
    if request.param == "memory":
        return f"memory://test-{uuid.uuid4().hex}"
    parts = urlsplit(AMQP_URL)
    require_service("RabbitMQ", parts.hostname or "127.0.0.1", parts.port or 5672)
    return AMQP_URL


class Bench:
    """Opens buses on unique exchange and queue names; closes and deletes them afterwards."""

    def __init__(self, url: str) -> None:
        self.url, self.suffix = url, uuid.uuid4().hex[:12]
        self.buses: list[MessageBus] = []
        self.exchanges: list[str] = []
        self.queues: list[str] = []

    async def bus(self, url: str | None = None) -> MessageBus:
        self.buses.append(create_bus(url or self.url))
        await self.buses[-1].start()
        return self.buses[-1]

    def exchange(self) -> str:
        self.exchanges.append(f"test.{self.suffix}.events")
        return self.exchanges[-1]

    def binding(self, label: str, exchange: str, *keys: str, **options: int) -> QueueBinding:
        binding = QueueBinding(f"test.{label}.{self.suffix}", exchange, keys, **options)
        self.queues += [binding.queue, binding.dead_letter_queue]
        return binding

    async def tear_down(self) -> None:
        for bus in self.buses:
            await bus.close()
        if not self.url.startswith("amqp"):
            MemoryBroker.reset_all()
            return
        connection = await aio_pika.connect(self.url)
        async with connection, connection.channel() as channel:
            for queue in self.queues:
                await channel.queue_delete(queue)
            for exchange in self.exchanges:
                await channel.exchange_delete(exchange)


@pytest.fixture
async def bench(bus_url: str) -> AsyncIterator[Bench]:
    bench = Bench(bus_url)
    yield bench
    await bench.tear_down()


class Recorder:
    """A handler that records what it got, fails its first calls and tracks concurrency."""

    def __init__(self, failures: int = 0, pause: float = 0.0) -> None:
        self.failures, self.pause = failures, pause
        self.calls, self.in_flight, self.max_in_flight = 0, 0, 0
        self.handled: list[Envelope] = []

    async def __call__(self, envelope: Envelope) -> None:
        self.calls += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.pause)
            if self.calls <= self.failures:
                raise RuntimeError(f"failure {self.calls} (on purpose)")
            self.handled.append(envelope)
        finally:
            self.in_flight -= 1

    @property
    def keys(self) -> list[str]:
        return [envelope.routing_key for envelope in self.handled]


def event(exchange: str, key: str, correlation_id: str | None = None, **headers: str) -> Envelope:
    body = f"body of {key}".encode()
    return Envelope(exchange, key, EVENT_TYPE, body, correlation_id=correlation_id, headers=headers)


async def dead_letters_of(bus: MessageBus, binding: QueueBinding) -> list[Envelope]:
    deadline = asyncio.get_running_loop().time() + 10.0
    while not (dead := await bus.dead_letters(binding)):
        assert asyncio.get_running_loop().time() < deadline, "nothing was dead-lettered"
        await asyncio.sleep(0.05)
    return dead


async def test_routes_by_pattern_when_bound_with_star_and_hash(bench: Bench) -> None:
    exchange, star, hash_ = bench.exchange(), Recorder(), Recorder()
    bus = await bench.bus()
    await bus.subscribe(bench.binding("star", exchange, "order.*", prefetch=1), star)
    await bus.subscribe(bench.binding("hash", exchange, "order.#", prefetch=1), hash_)
    for key in ["order.created", "order.created.eu", "order", "invoice.created", "order.end"]:
        await bus.publish(event(exchange, key))
    await eventually(lambda: "order.end" in star.keys and "order.end" in hash_.keys)
    assert star.keys == ["order.created", "order.end"]
    assert hash_.keys == ["order.created", "order.created.eu", "order", "order.end"]


async def test_keeps_messages_when_published_before_consumer_attaches(bench: Bench) -> None:
    exchange = bench.exchange()
    binding = bench.binding("kept", exchange, "thing.*")
    declaring = await bench.bus()
    await declaring.subscribe(binding, Recorder())
    await declaring.close()
    sent = [event(exchange, "thing.one"), event(exchange, "thing.two")]
    publisher = await bench.bus()
    for envelope in sent:
        await publisher.publish(envelope)
    recorder = Recorder()
    await (await bench.bus()).subscribe(binding, recorder)
    await eventually(lambda: recorder.handled == sent)


async def test_drops_message_when_no_queue_is_bound(bench: Bench) -> None:
    exchange, recorder = bench.exchange(), Recorder()
    bus = await bench.bus()
    await bus.declare_exchange(exchange)
    await bus.publish(event(exchange, "thing.early"))
    await bus.subscribe(bench.binding("late", exchange, "thing.*"), recorder)
    await bus.publish(event(exchange, "thing.late"))
    await eventually(lambda: recorder.keys == ["thing.late"])


async def test_redelivers_message_when_bus_closes_while_handler_runs(bench: Bench) -> None:
    exchange, stuck, recorder = bench.exchange(), Recorder(pause=3600), Recorder()
    binding = bench.binding("interrupted", exchange, "thing.*")
    first = await bench.bus()
    await first.subscribe(binding, stuck)
    sent = event(exchange, "thing.interrupted")
    await first.publish(sent)
    await eventually(lambda: stuck.in_flight == 1)
    await first.close()
    await (await bench.bus()).subscribe(binding, recorder)
    await eventually(lambda: recorder.handled == [sent])


async def test_redelivers_until_success_when_handler_fails_twice(bench: Bench) -> None:
    exchange, recorder = bench.exchange(), Recorder(failures=2)
    binding = bench.binding("retry", exchange, "thing.*", max_deliveries=5)
    bus = await bench.bus()
    await bus.subscribe(binding, recorder)
    sent = event(exchange, "thing.flaky")
    await bus.publish(sent)
    await eventually(lambda: len(recorder.handled) == 1)
    assert recorder.calls == 3
    assert recorder.handled == [sent]
    assert await bus.dead_letters(binding) == []


@pytest.mark.parametrize("max_deliveries", [1, 3])
async def test_dead_letters_after_max_deliveries_when_handler_always_fails(
    bench: Bench, max_deliveries: int
) -> None:
    exchange, recorder = bench.exchange(), Recorder(failures=1000)
    binding = bench.binding("doomed", exchange, "thing.*", max_deliveries=max_deliveries)
    bus = await bench.bus()
    await bus.subscribe(binding, recorder)
    sent = event(exchange, "thing.broken", correlation_id="c-1", tenant="p1")
    await bus.publish(sent)
    assert await dead_letters_of(bus, binding) == [sent]
    assert recorder.calls == max_deliveries


async def test_round_trips_properties_when_message_is_delivered(bench: Bench) -> None:
    exchange, recorder = bench.exchange(), Recorder()
    bus = await bench.bus()
    await bus.subscribe(bench.binding("props", exchange, "thing.*"), recorder)
    sent = Envelope(
        exchange=exchange,
        routing_key="thing.described",
        type="flowloom.test.v1.ThingDescribed",
        body=b"\x00\xff\x10 protobuf bytes",
        correlation_id=str(uuid.uuid4()),
        headers={"traceparent": "00-4bf92f3577b34da6-00f067aa0ba902b7-01", "tenant": "p1"},
    )
    await bus.publish(sent)
    await eventually(lambda: recorder.handled == [sent])


@pytest.mark.parametrize("prefetch", [1, 3])
async def test_limits_handlers_in_flight_when_prefetch_is_set(bench: Bench, prefetch: int) -> None:
    exchange, recorder = bench.exchange(), Recorder(pause=0.1)
    bus = await bench.bus()
    await bus.subscribe(bench.binding("slow", exchange, "thing.*", prefetch=prefetch), recorder)
    for number in range(6):
        await bus.publish(event(exchange, f"thing.n{number}"))
    await eventually(lambda: len(recorder.handled) == 6)
    assert recorder.max_in_flight == prefetch


async def test_delivers_to_each_queue_when_two_queues_bind_same_key(bench: Bench) -> None:
    exchange, first, second = bench.exchange(), Recorder(), Recorder()
    bus = await bench.bus()
    await bus.subscribe(bench.binding("first", exchange, "thing.shared"), first)
    await bus.subscribe(bench.binding("second", exchange, "thing.shared"), second)
    sent = event(exchange, "thing.shared")
    await bus.publish(sent)
    await eventually(lambda: first.handled == [sent] and second.handled == [sent])


@pytest.mark.parametrize("bus_url", ["amqp"], indirect=True)
async def test_resumes_consuming_when_connection_is_dropped(bench: Bench, bus_url: str) -> None:
    if shutil.which("rabbitmqctl") is None:
        pytest.skip("rabbitmqctl is not installed on this machine")
    name = f"flowloom-test-{bench.suffix}"
    bus = await bench.bus(f"{bus_url}{'&' if '?' in bus_url else '?'}name={name}")
    exchange, recorder = bench.exchange(), Recorder()
    await bus.subscribe(bench.binding("robust", exchange, "thing.*"), recorder)
    await bus.publish(event(exchange, "thing.before"))
    await eventually(lambda: recorder.keys == ["thing.before"])
    await drop_amqp_connection(name)
    await bus.publish(event(exchange, "thing.after"))  # retried until reconnected
    await eventually(lambda: recorder.keys == ["thing.before", "thing.after"])


def test_rejects_url_when_scheme_is_unknown() -> None:
    with pytest.raises(ValueError, match="'kafka'"):
        create_bus("kafka://localhost:9092")
