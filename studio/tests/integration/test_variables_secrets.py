"""Project variables (typed) and secrets (write-only, sealed at rest)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from flowloom.studio.infrastructure.database.tables import secrets

from .flows import import_example
from .service import Studio

pytestmark = pytest.mark.integration


async def test_stores_typed_variables_and_refuses_wrong_values(studio: Studio) -> None:
    await studio.ok("PUT", "/variables/retries", json={"type": "integer", "value": 3})
    await studio.ok("PUT", "/variables/ratio", json={"type": "float", "value": 2})
    changed = await studio.ok("PUT", "/variables/retries", json={"type": "integer", "value": 4})
    assert changed["value"] == 4
    assert changed["created_at"] <= changed["updated_at"]

    for body in (
        {"type": "integer", "value": "3"},
        {"type": "integer", "value": True},
        {"type": "boolean", "value": 1},
        {"type": "matrix", "value": 1},
        {"type": "file", "value": "k"},
        {"type": "string", "value": None},
    ):
        refused = await studio.put("/variables/x", json=body)
        assert refused.status_code == 422, body
        assert refused.json()["errors"][0]["field"] in ("value", "type")
    assert (
        await studio.put("/variables/bad name", json={"type": "string", "value": "x"})
    ).status_code == 422

    page = await studio.ok("GET", "/variables?limit=1")
    rest = await studio.ok("GET", f"/variables?cursor={page['next_cursor']}")
    listed = [(v["name"], v["type"], v["value"]) for v in page["items"] + rest["items"]]
    assert listed == [("ratio", "float", 2.0), ("retries", "integer", 4)]
    await studio.ok("DELETE", "/variables/ratio", 204)
    assert (await studio.delete("/variables/ratio")).status_code == 404


async def test_never_answers_secret_values(studio: Studio) -> None:
    wf = await import_example(studio)
    await studio.ok("PUT", "/secrets/smtp-password", json={"value": "hunter2-SECRET-again"})

    listed = await studio.ok("GET", "/secrets")
    assert [set(s) for s in listed["items"]] == [{"name", "created_at", "updated_at"}]
    answers = [
        await studio.get("/secrets"),
        await studio.get(f"/workflows/{wf['id']}"),
        await studio.get(f"/workflows/{wf['id']}/export"),
        await studio.post(f"/workflows/{wf['id']}/deploy"),
        await studio.get(f"/workflows/{wf['id']}/versions/1"),
        await studio.get("/api/studio/openapi.json"),
    ]
    for answer in answers:
        assert "hunter2" not in answer.text
    order = await studio.order("workflow.deployment_requested")
    assert b"hunter2" not in order.body

    engine = studio.app.state.container.engine()
    async with engine.connect() as connection:
        sealed = (await connection.execute(select(secrets.c.sealed))).scalars().all()
    assert sealed
    assert all("hunter2" not in value for value in sealed)
    cipher = studio.app.state.container.uow()._cipher
    assert cipher.unseal(sealed[0]) == "hunter2-SECRET-again"


async def test_shows_problem_when_used_variable_or_secret_is_deleted(studio: Studio) -> None:
    wf = await import_example(studio)
    await studio.ok("DELETE", "/variables/ops-address", 204)
    await studio.ok("DELETE", "/secrets/smtp-password", 204)

    problems = await studio.ok("GET", f"/workflows/{wf['id']}/problems")
    assert [(p["code"], p["input"]) for p in problems] == [
        ("unknown_variable", "recipient"), ("unknown_secret", "smtp_password"),
    ]  # fmt: skip
    assert (await studio.delete("/secrets/smtp-password")).status_code == 404
    await studio.ok("PUT", "/variables/ops-address", json={"type": "integer", "value": 1})
    problems = await studio.ok("GET", f"/workflows/{wf['id']}/problems")
    assert [p["code"] for p in problems] == ["variable_type_mismatch", "unknown_secret"]
