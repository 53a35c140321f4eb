"""The wrappers' shared file cache and inputs handed on unchanged, through the local deployer."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from flowloom.adm.seaweed import S3Endpoint
from flowloom.runner.domain.invocation import FileTarget, Succeeded
from flowloom.runner.domain.values import IoSpec, IoType, IoValue, StoredFile
from flowloom.runner.infrastructure.deployer.launcher import FileCache, WrapperLauncher
from flowloom.runner.infrastructure.deployer.local import LocalActionDeployer
from flowloom.runner.infrastructure.objectstore.s3 import S3FileStore

from .support import PROJECT, executed, request

pytestmark = pytest.mark.integration

MAKE = """\
    def handle(inputs):
        with open("made.bin", "wb") as file:
            file.write(b"made once, read twice")
        return {"made": "made.bin"}
    """
PASS = """\
    def handle(inputs):
        return {"out": inputs["doc"]}
    """


@pytest.fixture
async def cached_deployer(tmp_path: Path, s3: S3Endpoint) -> AsyncIterator[LocalActionDeployer]:
    cache = FileCache(tmp_path / "file-cache", 1 << 30)
    launcher = WrapperLauncher(file_cache=cache, object_store_url=s3.url)
    deployer = LocalActionDeployer(concurrency=2, check_interval=0.05, launcher=launcher)
    await deployer.start()
    yield deployer
    await deployer.close()


async def test_next_wrapper_reads_the_cached_output_and_hands_it_on_without_upload(
    make_processor, cached_deployer: LocalActionDeployer, store: S3FileStore, tmp_path: Path
) -> None:
    make = make_processor("make", MAKE, outputs=(IoSpec("made", IoType.FILE),))
    passing = make_processor(
        "pass",
        PASS,
        inputs=(IoSpec("doc", IoType.FILE),),
        outputs=(IoSpec("out", IoType.FILE),),
    )
    prefix = f"projects/p/runs/{uuid.uuid4().hex}"
    made_target = FileTarget(f"{prefix}/made", store.put_url(f"{prefix}/made"))
    pass_target = FileTarget(f"{prefix}/out", store.put_url(f"{prefix}/out"))

    made = await executed(cached_deployer, make, request(output_targets={"made": made_target}))
    assert isinstance(made, Succeeded), made
    stored = made.outputs["made"]
    assert stored == StoredFile(made_target.key, "made.bin", 21)
    # Written through to the host, in the project's own folder.
    assert len(list((tmp_path / "file-cache" / PROJECT).iterdir())) == 1
    await store.delete_prefix(made_target.key)  # from now on, only the cache has it

    handed = await executed(
        cached_deployer,
        passing,
        request(
            {"doc": IoValue(IoType.FILE, stored)},
            input_urls={"doc": store.get_url(made_target.key)},
            output_targets={"out": pass_target},
        ),
    )
    assert isinstance(handed, Succeeded), handed
    assert handed.outputs["out"] == stored  # the same object, not a copy
    async with httpx.AsyncClient() as client:
        assert (await client.get(store.get_url(pass_target.key))).status_code == 404
