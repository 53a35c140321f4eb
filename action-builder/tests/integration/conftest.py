"""A builder started as its app (lifespan), the real bus and S3, and a listener for results."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from asgi_lifespan import LifespanManager
from dependency_injector import providers
from fastapi import FastAPI
from google.protobuf.message import Message
from google.protobuf.timestamp_pb2 import Timestamp

from flowloom.action_builder.app import create_app
from flowloom.action_builder.domain.ports import EnvironmentBuilder
from flowloom.action_builder.infrastructure.environment.sandbox import BuildSandbox
from flowloom.action_builder.infrastructure.messaging.protobuf.action_builder.v1 import (
    action_builder_events_pb2 as builder_pb,
)
from flowloom.action_builder.infrastructure.messaging.protobuf.repository.v1 import (
    repository_events_pb2 as repository_pb,
)
from flowloom.action_builder.infrastructure.objectstore.s3 import S3ObjectStore
from flowloom.action_builder.settings import ActionBuilderSettings
from flowloom.adm.seaweed import S3Endpoint
from flowloom.servicekit.messaging import Envelope, MessageBus, QueueBinding, create_bus
from flowloom.testkit import testing

from .actions import archive_of

pytestmark = pytest.mark.integration
RESULT_TYPES: dict[str, type[Message]] = {
    "build.started": builder_pb.ActionBuildStarted,
    "build.succeeded": builder_pb.ActionBuildSucceeded,
    "build.failed": builder_pb.ActionBuildFailed,
}
Succeeded = builder_pb.ActionBuildSucceeded
Failed = builder_pb.ActionBuildFailed
Result = Succeeded | Failed


@pytest.fixture
async def isolated_bus_url(bus_url: str) -> AsyncIterator[str]:
    """The memory bus, or a RabbitMQ virtual host of this test (durable queues stay apart)."""
    if not bus_url.startswith("amqp"):
        yield bus_url
        return
    url = await testing.create_vhost("flowloom-action-builder")
    yield url
    await testing.delete_vhost(url)


@pytest.fixture
async def builder_database_url(bus_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """As the modes pair them: a SQLite file with the memory bus (embedded), a PostgreSQL
    database of this test with RabbitMQ (distributed)."""
    if not bus_url.startswith("amqp"):
        yield f"sqlite+aiosqlite:///{tmp_path / 'action-builder.db'}"
        return
    testing.require_postgres()
    url = await testing.create_postgres_database("flowloom_action_builder_test")
    try:
        yield url
    finally:
        await testing.drop_postgres_database(url)


@pytest.fixture(scope="session")
def shared_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data dir (hence one uv cache) for the session's builders."""
    return tmp_path_factory.mktemp("builder-data")


@dataclass
class Harness:
    """Publishes orders like the repository and collects what the builder emits."""

    bus: MessageBus
    sources: S3ObjectStore
    artefacts: S3ObjectStore
    settings: ActionBuilderSettings
    app: FastAPI
    events: list[tuple[str, Message]] = field(default_factory=list)

    async def upload_action(self, directory: Path) -> str:
        key = f"sources/{directory.name}-{uuid.uuid4().hex[:8]}.tar.gz"
        await self.sources.put_bytes(key, archive_of(directory), "application/gzip")
        return self.sources.uri(key)

    async def order(self, source_archive: str, **fields: object) -> str:
        build_id = str(fields.pop("build_id", "") or f"build-{uuid.uuid4().hex[:8]}")
        requested = Timestamp()
        requested.GetCurrentTime()
        values: dict[str, object] = {
            "event_id": str(uuid.uuid4()),
            "build_id": build_id,
            "project_id": "project-1",
            "action_id": f"action-{build_id}",
            "technical_name": "hello",
            "version": "1.0",
            "kind": "Processor",
            "type": "python3",
            "source_archive": source_archive,
            "requested_at": requested,
            **fields,
        }
        await self._publish("action.build_requested", repository_pb.ActionBuildRequested(**values))
        return build_id

    async def cancel(self, build_id: str) -> None:
        message = repository_pb.ActionBuildCancelled(
            event_id=str(uuid.uuid4()), build_id=build_id, project_id="project-1"
        )
        await self._publish("action.build_cancelled", message)

    async def _publish(self, routing_key: str, message: Message) -> None:
        event_id = getattr(message, "event_id")  # noqa: B009
        await self.bus.publish(
            Envelope(
                exchange="repository.events",
                routing_key=routing_key,
                type=message.DESCRIPTOR.full_name,
                body=message.SerializeToString(),
                message_id=event_id,
            )
        )

    def of(self, build_id: str) -> list[tuple[str, Message]]:
        return [(key, m) for key, m in self.events if getattr(m, "build_id", "") == build_id]

    async def result(self, build_id: str, within: float = 240.0) -> Result:
        def finished() -> bool:
            return any(key != "build.started" for key, _ in self.of(build_id))

        await testing.eventually(finished, within=within, step=0.1)
        message = next(m for key, m in self.of(build_id) if key != "build.started")
        assert isinstance(message, builder_pb.ActionBuildSucceeded | builder_pb.ActionBuildFailed)
        return message

    async def succeeded(self, build_id: str, within: float = 240.0) -> Succeeded:
        """The build's result, which must be a success."""
        result = await self.result(build_id, within)
        assert isinstance(result, builder_pb.ActionBuildSucceeded), result
        return result

    async def failed(self, build_id: str) -> Failed:
        """The build's result, which must be a failure."""
        result = await self.result(build_id)
        assert isinstance(result, builder_pb.ActionBuildFailed), result
        return result

    async def log(self, reference: str, into: Path) -> str:
        key = reference.removeprefix(f"s3://{self.artefacts.bucket}/")
        path = into / f"{uuid.uuid4().hex}.log"
        assert await self.artefacts.download(key, path)
        return path.read_text()


@pytest.fixture
def builder(
    isolated_bus_url: str, builder_database_url: str, s3: S3Endpoint, shared_data_dir: Path
) -> Callable[..., AbstractAsyncContextManager[Harness]]:
    """`async with builder(**settings) as harness:` a running builder and a repository stand-in
    (`sandbox=` replaces the build sandbox the builder finds on this host; `environments=`
    wraps the environment builder it makes). Builders started by one test share their
    database, buckets and the queue their results are collected from."""
    suffix = uuid.uuid4().hex[:8]

    @asynccontextmanager
    async def start(
        sandbox: BuildSandbox | None = None,
        environments: Callable[[EnvironmentBuilder], EnvironmentBuilder] | None = None,
        **overrides: object,
    ) -> AsyncIterator[Harness]:
        values: dict[str, object] = {
            "bus_url": isolated_bus_url,
            "database_url": builder_database_url,
            "migrate_on_start": True,
            "outbox_poll_seconds": 0.2,
            "data_dir": shared_data_dir,
            "s3_url": s3.url,
            "s3_access_key": s3.access_key,
            "s3_secret_key": s3.secret_key,
            "s3_bucket": f"artefacts-{suffix}",
            **overrides,
        }
        settings = ActionBuilderSettings(**values)  # type: ignore[arg-type]
        sources = S3ObjectStore(s3.url, s3.access_key, s3.secret_key, f"sources-{suffix}")
        await sources.ensure_bucket()
        artefacts = S3ObjectStore(s3.url, s3.access_key, s3.secret_key, settings.s3_bucket)
        bus = create_bus(settings.bus_url)
        await bus.start()
        app = create_app(settings)
        if sandbox is not None:  # how a host without bwrap builds
            app.state.container.sandbox.override(providers.Object(sandbox))
        if environments is not None:
            made = environments(app.state.container.environments())
            app.state.container.environments.override(providers.Object(made))
        harness = Harness(bus, sources, artefacts, settings, app)

        async def collect(envelope: Envelope) -> None:
            harness.events.append(
                (envelope.routing_key, RESULT_TYPES[envelope.routing_key].FromString(envelope.body))
            )

        binding = QueueBinding(f"test.builder-results.{suffix}", "action-builder.events", ("#",))
        await bus.subscribe(binding, collect)
        try:
            async with LifespanManager(app, startup_timeout=60, shutdown_timeout=60):
                yield harness
        finally:
            await bus.close()

    return start
