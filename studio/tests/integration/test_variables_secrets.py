"""Project variables (typed) and secrets (write-only, sealed at rest and on the bus)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, select

from flowloom.studio.infrastructure.database.tables import secrets
from flowloom.studio.infrastructure.messaging.protobuf.studio.v1 import studio_events_pb2 as pb
from flowloom.studio.infrastructure.messaging.transport import TransportCipher
from flowloom.studio.settings import StudioSettings

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
    cipher = studio.app.state.container.uow().cipher
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


class OutboxRows:
    """Every row written to the outbox (the relay deletes them once published)."""

    def __init__(self) -> None:
        self.rows: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT") and "outbox_messages" in statement:
            self.rows.append(repr(parameters))


async def test_tells_runner_sealed_secret_changes_when_putting_and_deleting(
    studio: Studio, settings: StudioSettings
) -> None:
    engine = studio.app.state.container.engine()
    outbox = OutboxRows()
    event.listen(engine.sync_engine, "before_cursor_execute", outbox)
    transport = TransportCipher(settings.secrets_transport_key)
    try:
        await studio.ok("PUT", "/secrets/smtp-password", json={"value": "hunter2-FIRST"})
        await studio.ok("PUT", "/secrets/smtp-password", json={"value": "hunter2-SECOND"})
        await studio.ok("DELETE", "/secrets/smtp-password", 204)
        first = pb.ProjectSecretSet.FromString((await studio.order("secret.set", 1)).body)
        second = pb.ProjectSecretSet.FromString((await studio.order("secret.set", 2)).body)
        deleted = await studio.order("secret.deleted")
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", outbox)

    assert (first.project_id, first.name) == (studio.project, "smtp-password")
    assert transport.unseal(first.sealed_value) == "hunter2-FIRST"
    assert transport.unseal(second.sealed_value) == "hunter2-SECOND"
    assert first.occurred_at.ToDatetime() < second.occurred_at.ToDatetime()
    assert first.event_id != second.event_id
    removed = pb.ProjectSecretDeleted.FromString(deleted.body)
    assert (removed.project_id, removed.name) == (studio.project, "smtp-password")
    assert removed.occurred_at.ToDatetime() > second.occurred_at.ToDatetime()

    secret_events = [e for e in studio.orders if e.routing_key.startswith("secret.")]
    assert len(secret_events) == 3
    assert all(b"hunter2" not in e.body for e in secret_events)
    assert len([row for row in outbox.rows if "secret" in row]) == 3
    assert all("hunter2" not in row for row in outbox.rows)


async def test_emits_nothing_when_secret_put_is_refused(studio: Studio) -> None:
    refused = await studio.put("/secrets/bad name", json={"value": "hunter2"})
    assert refused.status_code == 422
    assert (await studio.delete("/secrets/missing")).status_code == 404
    await studio.ok("PUT", "/secrets/good", json={"value": "v"})

    await studio.order("secret.set")
    names = [
        (e.routing_key, pb.ProjectSecretSet.FromString(e.body).name)
        for e in studio.orders
        if e.routing_key.startswith("secret.")
    ]
    assert names == [("secret.set", "good")]
