"""Results through the outbox: a bus refusing them, or a broker down once a build has ended
(and the builder restarted meanwhile), delays them, never loses them nor costs a rebuild. Two
builder processes sharing a database make an environment once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.message import Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from flowloom.action_builder.domain.build import EnvironmentSpec, Interpreter
from flowloom.action_builder.domain.log import BuildLog
from flowloom.action_builder.domain.ports import EnvironmentBuilder
from flowloom.action_builder.infrastructure.database.tables import ended_builds
from flowloom.action_builder.infrastructure.messaging.protobuf.action_builder.v1 import (
    action_builder_events_pb2 as builder_pb,
)
from flowloom.servicekit.messaging import Envelope
from flowloom.testkit.faults import PrivateRabbitMQ
from flowloom.testkit.testing import eventually

from .actions import write_action

pytestmark = [pytest.mark.integration, pytest.mark.slow]
HANDLER = "def handle(inputs):\n    return {'answer': 'ok'}\n"


class Gated(EnvironmentBuilder):
    """The builder's own environment builder, whose `create` first waits for the test's gate;
    every environment made is counted in `made`."""

    def __init__(self, real: EnvironmentBuilder, gate: asyncio.Event, made: list[str]) -> None:
        self._real, self._gate, self._made = real, gate, made

    def unavailable(self) -> str | None:
        return self._real.unavailable()

    async def interpreter(self, requested: str, log: BuildLog) -> Interpreter:
        return await self._real.interpreter(requested, log)

    async def wrapper_version(self) -> str:
        return await self._real.wrapper_version()

    async def create(self, spec: EnvironmentSpec, log: BuildLog) -> None:
        self._made.append(spec.project_id)
        await self._gate.wait()
        await self._real.create(spec, log)


def kinds(events: list[tuple[str, Message]], build_id: str) -> list[str]:
    return [key for key, message in events if getattr(message, "build_id", "") == build_id]


async def ended(harness: Any, build_id: str) -> None:
    """The build has started and is no longer running: its result is settled (committed to
    the outbox; before, kept in the builder's memory)."""
    builds = harness.app.state.container.builds()
    await eventually(lambda: kinds(harness.events, build_id), within=120)
    await eventually(lambda: not builds.running(), within=300)


@pytest.mark.parametrize("bus_url", ["memory"], indirect=True)  # embedded: SQLite, memory bus
async def test_delivers_a_result_the_bus_refused_once_it_takes_it_again(
    builder: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate, made, away = asyncio.Event(), list[str](), asyncio.Event()
    action = write_action(tmp_path / "src", "hello", HANDLER)
    wrap = lambda real: Gated(real, gate, made)  # noqa: E731
    async with builder(environments=wrap, data_dir=tmp_path / "data") as harness:
        bus = await harness.app.state.container.bus()
        publish = bus.publish

        async def refusing(envelope: Envelope) -> None:
            if away.is_set() and envelope.exchange == "action-builder.events":
                raise ConnectionError("the broker is away")
            await publish(envelope)

        monkeypatch.setattr(bus, "publish", refusing)
        build_id = await harness.order(await harness.upload_action(action))
        await eventually(lambda: kinds(harness.events, build_id), within=120)  # Started
        away.set()  # from before the result until well after the order's redeliveries
        gate.set()
        await ended(harness, build_id)
        await asyncio.sleep(3)
        away.clear()
        await harness.succeeded(build_id, within=60)
        assert kinds(harness.events, build_id) == ["build.started", "build.succeeded"]
    assert made == ["project-1"]


@pytest.mark.parametrize("bus_url", ["memory"], indirect=True)  # replaced by a private broker
async def test_relays_a_committed_result_after_the_broker_and_the_builder_restarted(
    builder: Callable[..., Any],
    tmp_path: Path,
    private_rabbitmq: PrivateRabbitMQ,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Distributed: the build ends and its result is committed, then the broker goes down
    before the result is relayed, and the builder stops (a redeploy) before the broker is
    back: the next builder relays the very events, in order, and builds nothing again."""
    gate, made = asyncio.Event(), list[str]()
    gate.set()
    action = write_action(tmp_path / "src", "hello", HANDLER)
    settings = {
        "bus_url": private_rabbitmq.url,
        "database_url": postgres_url,
        "data_dir": tmp_path / "data",
        "environments": lambda real: Gated(real, gate, made),
    }
    # The relay of the first builder is not woken by commits and polls once an hour: what
    # the build emits stays in the outbox until the broker has gone.
    async with builder(outbox_poll_seconds=3600, **settings) as harness:
        container = harness.app.state.container
        monkeypatch.setattr(container.outbox_signal(), "notify", lambda: None)
        build_id = await harness.order(await harness.upload_action(action))
        owed = await committed(container.engine(), build_id)
        await eventually(lambda: not container.builds().running(), within=60)
        # Stopped, not killed: on this RabbitMQ (3.10) a quorum queue killed with a message
        # unacknowledged stays without a leader for minutes after the restart.
        await asyncio.to_thread(private_rabbitmq.stop)
        assert harness.events == []  # nothing was relayed
    await asyncio.to_thread(private_rabbitmq.start)
    async with builder(**settings) as again:
        result = await again.result(build_id, within=120)
        await asyncio.sleep(2)  # an order delivered again would be built again by now
        assert kinds(again.events, build_id) == ["build.started", "build.succeeded"]
    assert isinstance(result, builder_pb.ActionBuildSucceeded), result
    assert result.event_id == owed  # the result the first builder committed
    assert made == ["project-1"]


async def committed(engine: AsyncEngine, build_id: str, within: float = 300) -> str:
    """The event id of the build's result once it is committed (`ended_builds`)."""
    found: list[str] = []

    async def ended() -> bool:
        async with engine.connect() as connection:
            query = select(ended_builds.c.event_id).where(ended_builds.c.build_id == build_id)
            found.extend((await connection.execute(query)).scalars())
        return bool(found)

    await eventually(ended, within=within, step=0.2)
    return found[0]


@pytest.mark.parametrize("bus_url", ["amqp"], indirect=True)  # distributed: PostgreSQL
async def test_two_builders_make_an_environment_once_when_two_orders_share_it(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    gate, made = asyncio.Event(), list[str]()
    first = write_action(tmp_path / "v1", "idn", HANDLER, "idna==3.10\n")
    second = write_action(tmp_path / "v2", "idn", HANDLER + "\n", "# same needs\nIDNA == 3.10\n")
    wrap = lambda real: Gated(real, gate, made)  # noqa: E731
    # One order at a time each (prefetch 1): the two orders go to the two builders.
    async with (
        builder(environments=wrap, concurrency=1, data_dir=tmp_path / "one") as one,
        builder(environments=wrap, concurrency=1, data_dir=tmp_path / "two") as two,
    ):
        builds = [await one.order(await one.upload_action(source)) for source in (first, second)]
        both = lambda: one.events + two.events  # noqa: E731 (they share the results' queue)
        await eventually(lambda: all(kinds(both(), b) for b in builds), within=120)
        await asyncio.sleep(2)  # each builder reaches the environment step meanwhile
        gate.set()
        await eventually(lambda: all(len(kinds(both(), b)) == 2 for b in builds), within=300)
        results = [m for _, m in both() if isinstance(m, builder_pb.ActionBuildSucceeded)]
        running = [h.app.state.container.builds().running() for h in (one, two)]
    assert made == ["project-1"], made  # one environment made; the other build waited for it
    assert sorted(r.cache_hit for r in results) == [False, True], results
    assert running == [[], []]
