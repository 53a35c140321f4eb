"""Distributed `keys rotate`: signing keys and the re-sealing of stored values on PostgreSQL,
the transport check against RabbitMQ; the keys come from the settings, as in production."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest
from cryptography.fernet import Fernet

from flowloom.servicekit.keys import generate_key, opens
from flowloom.testkit import testing

from .support import adm

pytestmark = [pytest.mark.slow, pytest.mark.integration]

AT_REST = {
    "authorization": "KEY_ENCRYPTION_KEY",
    "repository": "CREDENTIALS_KEY",
    "studio": "SECRETS_KEY",
    "runner": "VALUES_KEY",
}


def prefix(service: str) -> str:
    return f"FLOWLOOM_{service.upper()}_"


def dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


@pytest.fixture
async def env() -> AsyncIterator[dict[str, str]]:
    """Fresh PostgreSQL databases migrated by `flowloom-adm migrate`, a RabbitMQ virtual host,
    one key per sealing setting."""
    testing.require_postgres()
    testing.require_rabbitmq()
    found = {"FLOWLOOM_BUS_URL": await testing.create_vhost("flowloom-keys")}
    for service, setting in AT_REST.items():
        found[prefix(service) + "DATABASE_URL"] = await testing.create_postgres_database(
            f"flowloom_keys_{service}"
        )
        found[prefix(service) + setting] = generate_key()
    migrated = await run_adm("migrate", env=found)
    assert migrated.returncode == 0, migrated.stderr
    yield found
    for service in AT_REST:
        await testing.drop_postgres_database(found[prefix(service) + "DATABASE_URL"])
    await testing.delete_vhost(found["FLOWLOOM_BUS_URL"])


async def run_adm(*arguments: str, env: dict[str, str]) -> Any:
    return await asyncio.to_thread(adm, *arguments, "--distributed", env=env)


async def sql(url: str, query: str, *args: Any) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(dsn(url))
    try:
        return list(await connection.fetch(query, *args))
    finally:
        await connection.close()


def seal(key: str, value: str) -> str:
    return Fernet(key).encrypt(value.encode()).decode()


async def store_values(env: dict[str, str], key: dict[str, str]) -> None:
    """Values sealed under each service's current key, where each service keeps them."""
    now = datetime.now(UTC)
    url = {service: env[prefix(service) + "DATABASE_URL"] for service in AT_REST}
    await sql(
        url["runner"],
        "INSERT INTO project_secrets VALUES ('p', 's', $1, $2)",
        seal(key["runner"], '"v"'),
        now,
    )
    result = json.dumps({"pw": {"type": "password", "sealed": seal(key["runner"], '"x"')}})
    await sql(
        url["runner"],
        "INSERT INTO runs VALUES ('r', 'p', 'w', 'v', 'manual', '{}', $1, 'Completed', NULL, "
        "NULL, NULL, $2)",
        now,
        result,
    )
    # A workflow version's password literal, sealed beside its protobuf message.
    literal = {"node": "s1", "input": "pw", "sealed": seal(key["runner"], '"y"')}
    version = json.dumps({"format": 2, "message": "", "literals": [literal]})
    await sql(
        url["runner"],
        "INSERT INTO workflow_versions (workflow_version_id, project_id, workflow_id, definition)"
        " VALUES ('v', 'p', 'w', $1)",
        version,
    )
    await sql(
        url["studio"],
        "INSERT INTO secrets VALUES ('p', 's', $1, $2, $2)",
        seal(key["studio"], "v"),
        now,
    )
    await sql(
        url["repository"],
        "INSERT INTO sources (id, project_id, name, url, default_branch, sealed_credentials, "
        "created_at, updated_at) VALUES ('s', 'p', 'n', 'u', 'main', $1, $2, $2)",
        seal(key["repository"], "{}"),
        now,
    )


async def sealed_values(env: dict[str, str]) -> dict[str, list[str]]:
    url = {service: env[prefix(service) + "DATABASE_URL"] for service in AT_REST}
    runner = [r[0] for r in await sql(url["runner"], "SELECT sealed_value FROM project_secrets")]
    results = await sql(url["runner"], "SELECT results FROM runs")
    runner += [json.loads(r[0])["pw"]["sealed"] for r in results]
    versions = await sql(url["runner"], "SELECT definition FROM workflow_versions")
    runner += [e["sealed"] for r in versions for e in json.loads(r[0])["literals"]]
    return {
        "runner": runner,
        "studio": [r[0] for r in await sql(url["studio"], "SELECT sealed FROM secrets")],
        "repository": [
            r[0] for r in await sql(url["repository"], "SELECT sealed_credentials FROM sources")
        ],
        "authorization": [
            r[0]
            for r in await sql(url["authorization"], "SELECT sealed_private_key FROM signing_keys")
        ],
    }


async def test_reseals_every_stored_value_under_the_first_key_of_each_setting(
    env: dict[str, str],
) -> None:
    old = {service: env[prefix(service) + setting] for service, setting in AT_REST.items()}
    rotated = await run_adm("keys", "rotate", "signing", env=env)  # a sealed private key
    assert rotated.returncode == 0, rotated.stderr
    await store_values(env, old)
    new = {service: generate_key() for service in AT_REST}
    during = dict(env)
    for service, setting in AT_REST.items():
        during[prefix(service) + setting] = f"{new[service]},{old[service]}"

    resealed = await run_adm("keys", "rotate", "secrets", env=during)

    assert resealed.returncode == 0, resealed.stderr
    assert "remove every key but the first from FLOWLOOM_RUNNER_VALUES_KEY" in resealed.stderr
    for service, values in (await sealed_values(env)).items():
        assert values, service
        for value in values:
            assert opens(new[service], value), service
            assert not opens(old[service], value), service
    again = await run_adm("keys", "rotate", "secrets", env=during)
    assert "FLOWLOOM_RUNNER_VALUES_KEY: 0 values re-sealed" in again.stderr


async def test_refuses_to_retire_when_a_stored_value_opens_with_no_key(
    env: dict[str, str],
) -> None:
    lost = {service: generate_key() for service in AT_REST}
    await store_values(env, lost)

    refused = await run_adm("keys", "rotate", "secrets", env=env)

    assert refused.returncode == 1
    assert "open with none of the keys" in refused.stderr
    assert "Traceback" not in refused.stderr


async def test_rotates_signing_key_with_the_old_one_kept_until_its_tokens_expire(
    env: dict[str, str],
) -> None:
    url = env[prefix("authorization") + "DATABASE_URL"]
    first = await run_adm("keys", "rotate", "signing", env=env)
    second = await run_adm("keys", "rotate", "signing", env=env)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    keys = await sql(
        url, "SELECT kid, signs_from, retires_at FROM signing_keys ORDER BY signs_from"
    )
    assert len(keys) == 2
    older, newer = keys
    assert newer["retires_at"] is None
    assert older["retires_at"] is not None
    # 15 minutes of token lifetime past the moment the newer key starts signing.
    assert (older["retires_at"] - newer["signs_from"]).total_seconds() >= 15 * 60
    assert "verifies until" in second.stderr


async def test_says_when_no_project_secret_is_on_its_way_on_the_bus(env: dict[str, str]) -> None:
    checked = await run_adm("keys", "rotate", "transport", env=env)
    assert checked.returncode == 0, checked.stderr
    assert "no project secret is on its way" in checked.stderr

    await sql(
        env[prefix("studio") + "DATABASE_URL"],
        "INSERT INTO outbox_messages (message_id, exchange, routing_key, type, headers, body, "
        "created_at) VALUES ('m', 'studio.events', 'secret.set', 't', '{}', 'x', $1)",
        datetime.now(UTC),
    )
    waiting = await run_adm("keys", "rotate", "transport", env=env)
    assert waiting.returncode == 1
    assert "1 project secrets wait in the studio's outbox" in waiting.stderr
