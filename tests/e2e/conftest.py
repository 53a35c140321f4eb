"""Fixtures shared by end-to-end modules."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from flowloom.adm.seaweed import S3Endpoint
from flowloom.testkit.harness import Platform

from .support import started


@pytest.fixture(scope="session", params=["embedded", "distributed"])
async def shared_platform(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, s3: S3Endpoint
) -> AsyncIterator[Platform]:
    """One platform per mode for the modules that only need a project of their own (each makes
    one): a distributed start costs about a minute of CI. Modules that halt, wipe or restore
    the platform start their own."""
    data_dir = tmp_path_factory.mktemp(f"shared-{request.param}")
    async with started(request.param, data_dir, s3) as platform:
        yield platform
