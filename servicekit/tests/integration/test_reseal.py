"""Re-sealing stored values under a new key, on SQLite and PostgreSQL, without losing writes."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, Text, select
from sqlalchemy.ext.asyncio import AsyncEngine

from flowloom.servicekit.database.reseal import SealedColumn, _Rewriter, reseal
from flowloom.servicekit.keys import KeyRing, generate_key, opens
from flowloom.testkit.database import with_tables

pytestmark = pytest.mark.integration

metadata = MetaData()
tokens = Table(
    "tokens",
    metadata,
    Column("project", String(8), primary_key=True),
    Column("name", String(8), primary_key=True),
    Column("sealed", Text, nullable=True),
)
documents = Table(
    "documents", metadata, Column("id", Integer, primary_key=True), Column("body", JSON)
)
COLUMNS = (SealedColumn(tokens, "sealed"), SealedColumn(documents, "body", "json"))


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    async with with_tables(database_url, metadata) as engine:
        yield engine


def seal(key: str, value: str) -> str:
    return Fernet(key).encrypt(value.encode()).decode()


async def rows(engine: AsyncEngine) -> tuple[list[Any], list[Any]]:
    async with engine.connect() as connection:
        found = (await connection.execute(select(tokens.c.sealed).order_by(tokens.c.name))).all()
        bodies = (await connection.execute(select(documents.c.body).order_by(documents.c.id))).all()
    return [row[0] for row in found], [row[0] for row in bodies]


async def test_reseals_tokens_and_sealed_json_fields_when_a_new_key_leads(engine):
    old, new = generate_key(), generate_key()
    async with engine.begin() as connection:
        await connection.execute(
            tokens.insert(),
            [
                {"project": "p", "name": f"n{i:03}", "sealed": seal(old, f"v{i}")}
                for i in range(450)  # more than one batch
            ]
            + [{"project": "p", "name": "null", "sealed": None}],
        )
        await connection.execute(
            documents.insert(),
            [
                {"id": 1, "body": {"a": {"type": "password", "sealed": seal(old, '"pw"')}}},
                {"id": 2, "body": {"steps": [{"kind": "literal", "sealed": seal(old, "1")}]}},
                {"id": 3, "body": {"value": "plain"}},
            ],
        )

    found = await reseal(engine, COLUMNS, KeyRing([new, old]))

    assert found.resealed == 452
    assert found.columns == {"tokens.sealed": 450, "documents.body": 2}
    sealed, bodies = await rows(engine)
    assert all(opens(new, token) and not opens(old, token) for token in sealed if token)
    assert Fernet(new).decrypt(bodies[0]["a"]["sealed"].encode()) == b'"pw"'
    assert bodies[0]["a"]["type"] == "password"
    assert opens(new, bodies[1]["steps"][0]["sealed"])
    assert bodies[2] == {"value": "plain"}


async def test_counts_nothing_to_reseal_when_run_again(engine):
    old, new = generate_key(), generate_key()
    async with engine.begin() as connection:
        await connection.execute(
            tokens.insert(), [{"project": "p", "name": "a", "sealed": seal(old, "v")}]
        )
    await reseal(engine, COLUMNS, KeyRing([new, old]))

    again = await reseal(engine, COLUMNS, KeyRing([new, old]))

    assert (again.resealed, again.current, again.unreadable) == (0, 1, 0)


async def test_leaves_and_counts_values_no_key_opens_when_resealing(engine):
    async with engine.begin() as connection:
        await connection.execute(
            tokens.insert(), [{"project": "p", "name": "a", "sealed": seal(generate_key(), "v")}]
        )

    found = await reseal(engine, COLUMNS, KeyRing([generate_key()]))

    assert found.unreadable == 1
    assert found.resealed == 0


async def test_keeps_a_write_made_while_the_row_was_being_resealed(engine, monkeypatch):
    """The service rewrites a row between the pass's read and its update: the pass must not
    put the old value back (compare-and-set), and re-seals the new one."""
    from flowloom.servicekit.database import reseal as module

    old, new = generate_key(), generate_key()
    async with engine.begin() as connection:
        await connection.execute(
            tokens.insert(), [{"project": "p", "name": "a", "sealed": seal(old, "v1")}]
        )
    real_row = module._row
    written = False

    async def service_writes_first(*args: Any) -> None:
        nonlocal written
        if not written:
            written = True
            async with engine.begin() as connection:
                await connection.execute(tokens.update().values(sealed=seal(old, "v2")))
        await real_row(*args)

    monkeypatch.setattr(module, "_row", service_writes_first)

    await reseal(engine, COLUMNS, KeyRing([new, old]))

    sealed, _ = await rows(engine)
    assert Fernet(new).decrypt(sealed[0].encode()) == b"v2"


def test_json_rewrite_keeps_document_shape() -> None:
    old, new = generate_key(), generate_key()
    body = {"x": [{"sealed": seal(old, "1")}, {"sealed": 3}], "sealed": seal(new, "2")}
    rewrite = _Rewriter(KeyRing([new, old]), "json")
    out = rewrite(json.dumps(body))
    assert out["x"][1] == {"sealed": 3}
    assert out["sealed"] == body["sealed"]
    assert rewrite.found.resealed == 1
    assert rewrite.found.current == 1
