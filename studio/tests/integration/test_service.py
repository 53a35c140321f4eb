"""The service as a whole: health, and an OpenAPI document where every operation is described."""

from __future__ import annotations

import pytest

from .service import Studio

pytestmark = pytest.mark.integration


async def test_reports_healthy_when_database_answers(studio: Studio) -> None:
    health = await studio.client.get("/api/studio/healthz")
    assert health.status_code == 200
    ok = {"status": "ok", "detail": None}
    assert health.json() == {
        "status": "ok",
        "checks": {"database": ok, "bus": ok, "object_store": ok},
    }


async def test_describes_every_operation_in_openapi(studio: Studio) -> None:
    document = (await studio.client.get("/api/studio/openapi.json")).json()

    operations = [
        (path, method, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]
    assert len(operations) >= 30
    for path, method, operation in operations:
        assert path.startswith("/api/studio/")
        assert operation.get("summary"), (method, path)
        assert operation.get("description"), (method, path)
