"""Distributed: PostgreSQL databases, a RabbitMQ virtual host and a real S3 named by the same
FLOWLOOM_* settings the services read; migrate, back up, drop everything, restore, compare;
`status` names what is down."""

from __future__ import annotations

import asyncio
import io
import json
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from minio import Minio
from minio.deleteobjects import DeleteObject

from flowloom.adm.seaweed import S3Endpoint
from flowloom.adm.services import spec
from flowloom.testkit import testing

from .support import adm

pytestmark = [pytest.mark.slow, pytest.mark.integration]

WITH_DATABASE = ("authorization", "repository", "action-builder", "studio", "runner")
WITH_BUCKET = ("repository", "action-builder", "studio", "runner")


def prefix(service: str) -> str:
    return f"FLOWLOOM_{service.upper().replace('-', '_')}_"


def dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


def s3_client(s3: S3Endpoint) -> Minio:
    return Minio(
        s3.url.removeprefix("http://"),
        access_key=s3.access_key,
        secret_key=s3.secret_key,
        secure=False,
    )


@pytest.fixture
async def env(s3: S3Endpoint) -> AsyncIterator[dict[str, str]]:
    """Fresh databases and buckets, named in the environment like in production (the S3
    endpoint through the shared FLOWLOOM_* fallbacks)."""
    testing.require_postgres()
    found = {
        "FLOWLOOM_S3_URL": s3.url,
        "FLOWLOOM_S3_ACCESS_KEY": s3.access_key,
        "FLOWLOOM_S3_SECRET_KEY": s3.secret_key,
    }
    for service in WITH_DATABASE:
        found[prefix(service) + "DATABASE_URL"] = await testing.create_postgres_database(
            f"flowloom_adm_{service.replace('-', '_')}"
        )
    for service in WITH_BUCKET:
        found[prefix(service) + "S3_BUCKET"] = f"adm-{service}-{uuid.uuid4().hex[:8]}"
    yield found
    for service in WITH_DATABASE:
        await testing.drop_postgres_database(found[prefix(service) + "DATABASE_URL"])


@pytest.fixture
async def vhost() -> AsyncIterator[str]:
    """A RabbitMQ virtual host of its own (only `status` talks to the bus)."""
    testing.require_rabbitmq()
    url = await testing.create_vhost("flowloom-adm")
    yield url
    await testing.delete_vhost(url)


async def run_adm(*arguments: str, env: dict[str, str]) -> Any:
    return await asyncio.to_thread(adm, *arguments, "--distributed", env=env)


async def rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    connection = await asyncpg.connect(dsn(url))
    try:
        inbox = await connection.fetch(
            "SELECT consumer, message_id, processed_at FROM inbox_messages ORDER BY 2"
        )
        outbox = await connection.fetch("SELECT message_id, body, headers FROM outbox_messages")
        return {"inbox": [tuple(r) for r in inbox], "outbox": [tuple(r) for r in outbox]}
    finally:
        await connection.close()


async def put_rows(url: str) -> None:
    connection = await asyncpg.connect(dsn(url))
    try:
        for number in range(3):
            await connection.execute(
                "INSERT INTO inbox_messages (consumer, message_id, processed_at)"
                " VALUES ($1, $2, $3)",
                "adm-test", f"m-{number}", datetime(2026, 1, 2, 3, number, tzinfo=UTC),
            )  # fmt: skip
        await connection.execute(
            "INSERT INTO outbox_messages (message_id, exchange, routing_key, type, headers, body,"
            " created_at) VALUES ('o-1', 'x', 'k', 't', $1, $2, now())",
            json.dumps({"a": 1}), bytes(range(256)),
        )  # fmt: skip
    finally:
        await connection.close()


def objects(client: Minio, bucket: str) -> dict[str, bytes]:
    found = {}
    for item in client.list_objects(bucket, recursive=True):
        response = client.get_object(bucket, item.object_name)
        found[str(item.object_name)] = response.read()
        response.close()
        response.release_conn()
    return found


def put_objects(client: Minio, bucket: str) -> None:
    client.make_bucket(bucket)
    for key, content in {
        "a.txt": b"first",
        "projects/p/runs/r/out/file.bin": os.urandom(300_000),
        "empty": b"",
    }.items():
        client.put_object(bucket, key, io.BytesIO(content), len(content))


async def test_restores_every_row_and_object_when_everything_was_dropped(
    env: dict[str, str], s3: S3Endpoint, tmp_path: Path
) -> None:
    migrated = await run_adm("migrate", env=env)
    assert migrated.returncode == 0, migrated.stderr
    client = s3_client(s3)
    databases = [env[prefix(s) + "DATABASE_URL"] for s in WITH_DATABASE]
    buckets = [env[prefix(s) + "S3_BUCKET"] for s in WITH_BUCKET]
    for url in databases:
        await put_rows(url)
    for bucket in buckets:
        await asyncio.to_thread(put_objects, client, bucket)
    before_rows = {url: await rows(url) for url in databases}
    before_objects = {b: await asyncio.to_thread(objects, client, b) for b in buckets}

    archive = tmp_path / "backup.tar.gz"
    backed_up = await run_adm("backup", "-o", str(archive), env=env)
    assert backed_up.returncode == 0, backed_up.stderr
    refused = await run_adm("restore", str(archive), env=env)
    assert refused.returncode == 1
    assert "is not empty" in refused.stderr

    for url in databases:
        await testing.drop_postgres_database(url)  # restore creates them again
    for bucket in buckets:
        doomed = [DeleteObject(key) for key in before_objects[bucket]]
        assert not list(client.remove_objects(bucket, doomed))
    restored = await run_adm("restore", str(archive), env=env)
    assert restored.returncode == 0, restored.stderr

    for url in databases:
        assert await rows(url) == before_rows[url]
    for bucket in buckets:
        assert await asyncio.to_thread(objects, client, bucket) == before_objects[bucket]
    with_force = await run_adm("restore", str(archive), "--force", env=env)
    assert with_force.returncode == 0, with_force.stderr
    for url in databases:
        assert await rows(url) == before_rows[url]


async def test_migrate_brings_empty_databases_to_head(env: dict[str, str], vhost: str) -> None:
    env = {**env, "FLOWLOOM_BUS_URL": vhost}
    migrated = await run_adm("migrate", env=env)
    assert migrated.returncode == 0, migrated.stderr
    runner_head = spec("runner").migrations().head_revision()
    assert f"runner: None → {runner_head}" in migrated.stderr
    again = await run_adm("migrate", env=env)
    assert "runner: already at head" in again.stderr
    report = await run_adm("status", "--json", env=env)
    assert report.returncode == 0, report.stderr
    found = json.loads(report.stdout)
    for service in WITH_DATABASE:
        database = found["services"][service]["database"]
        assert database["revision"] == database["head"], service


async def test_status_names_what_is_down(env: dict[str, str], vhost: str) -> None:
    env = {**env, "FLOWLOOM_BUS_URL": vhost}
    await run_adm("migrate", env=env)
    healthy = await run_adm("status", env=env)
    assert healthy.returncode == 0, healthy.stdout + healthy.stderr

    wrong = {**env, prefix("runner") + "DATABASE_URL": env[prefix("runner") + "DATABASE_URL"]}
    wrong[prefix("runner") + "DATABASE_URL"] += "_missing"
    down = await run_adm("status", env=wrong)
    assert down.returncode == 1
    assert "runner database" in down.stderr
    assert "Traceback" not in down.stderr

    stopped = {**env, "FLOWLOOM_BUS_URL": env["FLOWLOOM_BUS_URL"] + "-deleted"}
    down = await run_adm("status", "--json", env=stopped)
    assert down.returncode == 1
    assert "bus amqp://guest:***@" in down.stderr
    assert json.loads(down.stdout)["bus"][0]["ok"] is False
