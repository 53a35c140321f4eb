"""`ProjectDeleted` goes through the outbox to a consumer exactly once, even across a dropped
broker connection, on SQLite + memory bus and on PostgreSQL + RabbitMQ."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select

from flowloom.authorization.app import create_app
from flowloom.authorization.infrastructure.messaging.protobuf.authorization.v1 import (
    authorization_events_pb2 as pb,
)
from flowloom.authorization.settings import AuthorizationSettings
from flowloom.servicekit.database.engine import create_engine, session_factory
from flowloom.servicekit.database.inbox import idempotent
from flowloom.servicekit.database.tables import message_tables
from flowloom.servicekit.database.uow import SqlAlchemyUnitOfWork
from flowloom.servicekit.keys import generate_key
from flowloom.servicekit.messaging import Envelope, QueueBinding, create_bus
from flowloom.servicekit.messaging.topology import exchange_name, queue_name
from flowloom.testkit.testing import drop_amqp_connection, eventually

pytestmark = pytest.mark.integration

# A stand-in consumer service with its own database: it records each deleted project.
consumer_metadata = MetaData()
# No unique constraint on purpose: a duplicate effect would show as a second row.
deleted = Table(
    "deleted_projects",
    consumer_metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project_id", String, nullable=False),
)
consumer_tables = message_tables(consumer_metadata)


class Consumer:
    def __init__(self, database_url: str) -> None:
        self.engine = create_engine(database_url)
        self.sessions = session_factory(self.engine)
        self.calls = 0

    async def handle(self, envelope: Envelope) -> None:
        self.calls += 1
        event = pb.ProjectDeleted.FromString(envelope.body)
        async with SqlAlchemyUnitOfWork(self.sessions, consumer_tables, repr) as uow:
            await uow.session.execute(insert(deleted).values(project_id=event.project_id))
            await uow.commit()

    async def deleted_projects(self) -> list[str]:
        async with self.engine.connect() as connection:
            return list((await connection.scalars(select(deleted.c.project_id))).all())


@pytest.fixture
async def consumer(tmp_path: Path) -> AsyncIterator[Consumer]:
    consumer = Consumer(f"sqlite+aiosqlite:///{tmp_path / 'consumer.db'}")
    async with consumer.engine.begin() as connection:
        await connection.run_sync(consumer_metadata.create_all)
    yield consumer
    await consumer.engine.dispose()


async def test_delivers_project_deleted_once_when_connection_drops(
    database_url: str, bus_url: str, consumer: Consumer, tmp_path: Path
) -> None:
    connection_name = f"authorization-test-{uuid.uuid4().hex[:8]}"
    amqp = bus_url.startswith("amqp")
    service_bus_url = f"{bus_url}?name={connection_name}" if amqp else bus_url
    settings = AuthorizationSettings(
        database_url=database_url,
        bus_url=service_bus_url,
        data_dir=tmp_path,
        migrate_on_start=True,
        outbox_poll_seconds=0.2,
        key_encryption_key=generate_key(),
    )
    binding = QueueBinding(
        queue_name(f"test-{connection_name}", "authorization", "project.deleted"),
        exchange_name("authorization"),
        ("project.deleted",),
    )
    consumer_bus = create_bus(bus_url)
    await consumer_bus.start()
    once = idempotent(binding.queue, consumer.sessions, consumer_tables.inbox, consumer.handle)
    deliveries: list[str] = []

    async def handler(envelope: Envelope) -> None:
        deliveries.append(envelope.message_id)
        await once(envelope)

    await consumer_bus.subscribe(binding, handler)
    app = create_app(settings)
    try:
        async with (
            LifespanManager(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://authorization"
            ) as client,
        ):
            password = (tmp_path / "admin-password").read_text().strip()
            login = await client.post(
                "/api/authorization/login", json={"username": "admin", "password": password}
            )
            headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
            created = await client.post(
                "/api/authorization/projects", json={"name": "doomed"}, headers=headers
            )
            project_id = created.json()["id"]
            if amqp:
                await drop_amqp_connection(connection_name)
            response = await client.delete(
                f"/api/authorization/projects/{project_id}", headers=headers
            )
            assert response.status_code == 204
            await eventually(lambda: consumer.deleted_projects(), within=30)
            assert await consumer.deleted_projects() == [project_id]

            # A redelivery of the same message (same message_id) changes nothing.
            first = deliveries[0]
            event = pb.ProjectDeleted(event_id=first, project_id=project_id)
            duplicate = Envelope(
                binding.exchange,
                "project.deleted",
                event.DESCRIPTOR.full_name,
                event.SerializeToString(),
                message_id=first,
            )
            await consumer_bus.publish(duplicate)
            await eventually(lambda: deliveries.count(first) >= 2, within=10)
            assert await consumer.deleted_projects() == [project_id]
    finally:
        await consumer_bus.close()
