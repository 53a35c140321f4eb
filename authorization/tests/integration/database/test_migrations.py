"""Alembic migrations: they build exactly the declared schema, once, even when raced."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text
from sqlalchemy.engine import Connection

from flowloom.authorization.infrastructure.database.migrate import (
    current_revision,
    head_revision,
    upgrade,
)
from flowloom.authorization.infrastructure.database.tables import metadata
from flowloom.servicekit.keys import KeyRing, generate_key
from flowloom.testkit.migrations import (
    MigrationLifecycle,
    run_on,
    schema_diff,
)

pytestmark = pytest.mark.integration


async def test_schema_equals_metadata_when_migrated(database_url):
    await upgrade(database_url)

    assert await run_on(database_url, schema_diff(metadata)) == []


async def test_reports_no_revision_when_database_was_never_migrated(database_url):
    assert await current_revision(database_url) is None


async def test_reports_head_revision_when_migrated(database_url):
    await upgrade(database_url)

    assert await current_revision(database_url) == head_revision() == "0004"


async def test_changes_nothing_when_upgraded_twice(database_url):
    await upgrade(database_url)
    await upgrade(database_url)

    assert await run_on(database_url, schema_diff(metadata)) == []


async def test_migrates_once_when_called_concurrently_in_one_process(database_url):
    await asyncio.gather(*(upgrade(database_url) for _ in range(3)))

    assert await current_revision(database_url) == head_revision()
    assert await run_on(database_url, schema_diff(metadata)) == []


# postgres_url (servicekit's fixture): replicas only share PostgreSQL, SQLite serves one process.
class TestLifecycle(MigrationLifecycle):
    migrate = "flowloom.authorization.infrastructure.database.migrate"
    declared = metadata
    replicas = 4


def clear_pem() -> str:
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


async def with_clear_keys(database_url: str, pems: dict[str, str]) -> None:
    """A database at 0001, as the version before sealing left it: keys in clear."""
    await upgrade(database_url, "0001")

    def insert(connection: Connection) -> None:
        for number, (kid, pem) in enumerate(pems.items()):
            connection.execute(
                text(
                    "INSERT INTO signing_keys (kid, algorithm, private_pem, public_jwk, "
                    "created_at, retired_at) VALUES (:kid, 'EdDSA', :pem, '{}', :created, :retired)"
                ),
                {
                    "kid": kid,
                    "pem": pem,
                    "created": datetime(2025, 1, number + 1, tzinfo=UTC),
                    "retired": datetime(2025, 2, 1, tzinfo=UTC)
                    if kid.startswith("retired")
                    else None,
                },
            )
        connection.commit()

    await run_on(database_url, insert)


def secret_part(pem: str) -> bytes:
    """The base64 body of a PEM: what would show in raw bytes if the key were stored."""
    return "".join(pem.strip().splitlines()[1:-1]).encode()


async def test_seals_clear_signing_keys_when_migrated_from_0001(database_url, tmp_path):
    pems = {"kid-1": clear_pem(), "retired-kid": clear_pem()}
    await with_clear_keys(database_url, pems)
    ring = KeyRing([generate_key()])

    await upgrade(database_url, attributes={"key_encryption_key": ring})

    def rows(connection: Connection) -> list[tuple[str, str, str, str]]:
        found = connection.execute(
            text(
                "SELECT kid, sealed_private_key, CAST(signs_from AS TEXT), "
                "CAST(created_at AS TEXT) FROM signing_keys"
            )
        )
        return [tuple(row) for row in found]  # type: ignore[misc]

    found = await run_on(database_url, rows)
    assert [row[0] for row in found] == ["kid-1"]  # a retired key is deleted
    _kid, sealed, signs_from, created_at = found[0]
    assert ring.open(sealed.encode()).decode() == pems["kid-1"]
    assert signs_from[:19] == created_at[:19]
    assert all(secret_part(pem).decode() not in str(found) for pem in pems.values())
    if database_url.startswith("sqlite"):
        raw = b"".join(path.read_bytes() for path in tmp_path.glob("test.db*"))
        for pem in pems.values():
            assert secret_part(pem) not in raw
            assert secret_part(pem)[:40] not in raw


async def test_refuses_to_migrate_clear_signing_keys_without_key_encryption_key(database_url):
    await with_clear_keys(database_url, {"kid-1": clear_pem()})

    with pytest.raises(RuntimeError, match="key-encryption key"):
        await upgrade(database_url)

    assert await current_revision(database_url) == "0001"


async def test_starts_login_throttles_afresh_when_migrated_from_0003(database_url):
    await upgrade(database_url, "0003")

    def old_throttle(connection: Connection) -> None:
        connection.execute(
            text("INSERT INTO login_throttles (username, failures) VALUES ('admin', 9)")
        )
        connection.commit()

    await run_on(database_url, old_throttle)
    await upgrade(database_url)

    def count(connection: Connection) -> int:
        return int(connection.execute(text("SELECT count(*) FROM login_throttles")).scalar_one())

    assert await run_on(database_url, count) == 0
    assert await run_on(database_url, schema_diff(metadata)) == []
