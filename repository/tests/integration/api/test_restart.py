"""Scans a crash left Running are marked Failed when the service starts again."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowloom.repository.domain.source import Scan, ScanState
from flowloom.repository.settings import RepositorySettings
from flowloom.testkit.tokens import KeySet

from .conftest import open_service

pytestmark = [pytest.mark.integration, pytest.mark.slow]


async def test_marks_running_scans_failed_when_service_restarts(
    settings: RepositorySettings, tmp_path: Path
) -> None:
    keys = KeySet()
    async with open_service(settings, tmp_path, keys, "p-restart") as first:
        source = await first.add_source("src", "https://git.example.com/r.git")
        container = first.app.state.container
        async with container.uow() as uow:
            scan = Scan("scan-1", "p-restart", source["id"], "main", ScanState.RUNNING,
                        container.clock().now())  # fmt: skip
            await uow.scans.add(scan)
            await uow.commit()

    async with open_service(settings, tmp_path, keys, "p-restart") as second:
        found = await second.ok("GET", "/scans/scan-1")

    assert (found["state"], found["error"]) == ("Failed", "interrupted by a restart")
    assert found["finished_at"] is not None
