"""The HTTP side: health and OpenAPI under /api/action-builder; nothing opens at import."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from flowloom.action_builder.app import create_app
from flowloom.action_builder.settings import ActionBuilderSettings
from flowloom.adm.seaweed import S3Endpoint
from flowloom.testkit import testing

pytestmark = pytest.mark.integration


def test_reads_settings_from_environment_when_prefixed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOWLOOM_ACTION_BUILDER_CONCURRENCY", "3")
    monkeypatch.setenv("FLOWLOOM_BUS_URL", "amqp://shared/")
    settings = ActionBuilderSettings()
    assert settings.concurrency == 3
    assert settings.bus_url == "amqp://shared/"
    assert (settings.port, settings.s3_bucket, settings.time_limit_seconds) == (
        8004,
        "flowloom-artefacts",
        900,
    )


def test_creates_app_without_connecting_when_not_started() -> None:
    app = create_app(ActionBuilderSettings(s3_url="http://127.0.0.1:1", bus_url="amqp://nowhere/"))
    assert app.openapi_url == "/api/action-builder/openapi.json"


@pytest.mark.parametrize("bus_url", ["memory"], indirect=True)
async def test_reports_healthy_and_serves_openapi_when_running(
    builder: Callable[..., Any],
) -> None:
    async with builder() as harness:
        transport = httpx.ASGITransport(app=harness.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://builder") as client:
            health = await client.get("/api/action-builder/healthz")
            spec = await client.get("/api/action-builder/openapi.json")
    assert health.status_code == 200
    ok = {"status": "ok", "detail": None}
    checks = {"database": ok, "bus": ok, "object_store": ok}
    assert health.json() == {"status": "ok", "checks": checks}
    assert "/api/action-builder/healthz" in spec.json()["paths"]


def test_serves_health_when_started_as_its_console_script(s3: S3Endpoint, tmp_path: Path) -> None:
    port = testing.free_port()
    service = testing.ServiceProcess(
        [str(Path(sys.executable).parent / "flowloom-action-builder")],
        {
            "FLOWLOOM_ACTION_BUILDER_PORT": str(port),
            "FLOWLOOM_ACTION_BUILDER_DATA_DIR": str(tmp_path / "data"),
            "FLOWLOOM_ACTION_BUILDER_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'b.db'}",
            "FLOWLOOM_ACTION_BUILDER_MIGRATE_ON_START": "true",
            "FLOWLOOM_ACTION_BUILDER_S3_URL": s3.url,
            "FLOWLOOM_ACTION_BUILDER_S3_ACCESS_KEY": s3.access_key,
            "FLOWLOOM_ACTION_BUILDER_S3_SECRET_KEY": s3.secret_key,
            "FLOWLOOM_ACTION_BUILDER_S3_BUCKET": f"served-{uuid.uuid4().hex[:8]}",
            "FLOWLOOM_BUS_URL": "memory://",
        },
        tmp_path / "service.log",
    )
    try:
        url = f"http://127.0.0.1:{port}/api/action-builder/healthz"
        service.wait_healthy(url)
        assert httpx.get(url).json()["checks"]["database"]["status"] == "ok"  # migrated
    finally:
        assert service.stop() == 0, service.log()
