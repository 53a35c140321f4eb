"""Action search filters and the OpenAPI document."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..action_repos import catalogue_repo
from .service import Service

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def test_filters_actions_by_source_state_kind_and_text(
    service: Service, tmp_path: Path
) -> None:
    catalogue_repo(tmp_path / "origin")
    source = await service.add_source("catalogue", f"file://{tmp_path / 'origin'}")
    await service.scan(source["id"])

    scanned = await service.actions(state="Scanned")
    publishers = await service.actions(kind="Publisher")
    text = await service.actions(q="FULL-SOURCE")
    by_description = await service.actions(q="every io type")
    errors = await service.actions(state="Scan Error", source_id=source["id"])
    elsewhere = await service.actions(source_id="another")
    first = await service.ok("GET", "/actions", params={"limit": 10})
    rest = await service.ok("GET", "/actions", params={"limit": 10, "cursor": first["next_cursor"]})

    assert sorted(scanned) == ["valid/processor", "valid/publisher", "valid/source"]
    assert list(publishers) == ["valid/publisher"]
    assert list(text) == ["valid/source"]
    assert sorted(by_description) == sorted(scanned)
    assert len(errors) == 15
    assert elsewhere == {}
    assert (len(first["items"]), len(rest["items"]), rest["next_cursor"]) == (10, 8, None)


async def test_documents_every_operation_with_summary_description_and_types(
    service: Service,
) -> None:
    response = await service.client.get("/api/repository/openapi.json")

    spec = response.json()
    operations = [
        (path, method, operation)
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
    ]
    assert {path for path, _, _ in operations} >= {
        "/api/repository/sources", "/api/repository/sources/{source_id}",
        "/api/repository/sources/{source_id}/scans", "/api/repository/scans/{scan_id}",
        "/api/repository/sources/{source_id}/builds", "/api/repository/actions",
        "/api/repository/actions/{action_id}", "/api/repository/actions/{action_id}/logo",
        "/api/repository/actions/{action_id}/builds", "/api/repository/builds/{build_id}",
        "/api/repository/builds/{build_id}/cancel", "/api/repository/builds/{build_id}/log",
        "/api/repository/healthz",
    }  # fmt: skip
    for path, method, operation in operations:
        assert operation.get("summary"), (path, method)
        if path != "/api/repository/healthz":
            assert operation.get("description"), (path, method)
    assert "password" in spec["components"]["schemas"]["CredentialsIn"]["properties"]
    assert "has_credentials" in spec["components"]["schemas"]["SourceOut"]["properties"]
