"""Uploads are streamed: big files to a manual run barely move the embedded process's memory."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from flowloom.testkit import testing
from flowloom.testkit.harness import EmbeddedPlatform
from flowloom.testkit.memory_probe import rss_growth

from .builders import deployment, manual
from .conftest import Session

pytestmark = [pytest.mark.integration, pytest.mark.slow]

MIB = 1024**2
UPLOADS = 4
UPLOAD_BYTES = 200 * MIB
BOUND = 50 * MIB  # the requirement: four parallel 200 MB uploads raise the RSS by less


@pytest.fixture(scope="module")
async def embedded(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Session]:
    platform = EmbeddedPlatform(tmp_path_factory.mktemp("uploads"))
    await platform.start()
    try:
        project_id, token = await platform.project_token("uploads")
        yield Session(platform, project_id, token, [])
    finally:
        await platform.stop()


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.bin"
    with path.open("wb") as out:
        for _ in range(UPLOAD_BYTES // MIB):
            out.write(os.urandom(MIB))
    return path


async def upload(session: Session, workflow_id: str, file: Path) -> dict:
    """One multipart upload by curl, in a process of its own: the client's buffers must not
    count in the RSS of this process, which serves the platform."""
    path = f"/api/runner/workflows/{workflow_id}/runs"
    (header,) = (f"{name}: {value}" for name, value in session.headers.items())
    curl = await asyncio.create_subprocess_exec(
        "curl", "--silent", "--show-error", "--max-time", "600",
        "--header", header, "--form", f"doc=@{file};type=application/octet-stream",
        "--write-out", "\n%{http_code}", session.platform.base_url(path) + path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await curl.communicate()
    body, _, status = out.decode().rpartition("\n")
    assert (curl.returncode, status) == (0, "201"), (body, err.decode())
    return await session.finished(json.loads(body)["run_id"], within=300)


async def test_raises_memory_by_under_50_mb_when_four_200_mb_files_upload_at_once(
    embedded: Session, big_file: Path, tmp_path: Path
) -> None:
    testing.require_program("curl", shutil.which("curl"))
    workflow_id, order = deployment(embedded.project_id, manual(doc="file"), [])
    await embedded.deploy(order, workflow_id)
    warm_up = tmp_path / "warm-up.bin"
    warm_up.write_bytes(os.urandom(12 * MIB))  # every code path once: parser, spool, parts
    await upload(embedded, workflow_id, warm_up)
    with rss_growth() as memory:
        runs = await asyncio.gather(
            *(upload(embedded, workflow_id, big_file) for _ in range(UPLOADS))
        )
    for run in runs:
        assert run["state"] == "Completed", run
        assert run["trigger_outputs"]["doc"]["value"]["size"] == UPLOAD_BYTES
    print(f"RSS {memory.before / MIB:.0f} MiB, then +{memory.grown / MIB:.1f} MiB at the peak")
    assert memory.grown < BOUND
