"""Directory inputs reach sandboxed wrappers with the runner's extraction limits."""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator

import pytest

from flowloom.adm.seaweed import S3Endpoint
from flowloom.runner.domain.invocation import Failed, Succeeded
from flowloom.runner.domain.values import IoSpec, IoType, IoValue, StoredFile
from flowloom.runner.infrastructure.deployer.launcher import DirectoryInputs, WrapperLauncher
from flowloom.runner.infrastructure.deployer.local import LocalActionDeployer
from flowloom.runner.infrastructure.grpc.invoker import GrpcActionInvoker
from flowloom.runner.infrastructure.objectstore.s3 import S3FileStore

from .support import RecordingLogSink, processor, request

pytestmark = pytest.mark.integration

MIB = 1024**2
COUNT = """\
    import os

    def handle(inputs):
        return {"files": sum(len(names) for _, _, names in os.walk(inputs["folder"]))}
    """


@pytest.fixture
async def limited(s3: S3Endpoint) -> AsyncIterator[LocalActionDeployer]:
    """A deployer whose wrappers take directory inputs of at most 4 MiB and 50 entries."""
    launcher = WrapperLauncher(
        object_store_url=s3.url, directory_inputs=DirectoryInputs(4 * MIB, 50)
    )
    deployer = LocalActionDeployer(concurrency=1, check_interval=0.05, launcher=launcher)
    await deployer.start()
    yield deployer
    await deployer.close()


def archive(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
        for name, content in files.items():
            zipped.writestr(name, content)
    return buffer.getvalue()


async def test_fails_execution_naming_the_runner_limits_when_directory_input_exceeds_them(
    make_processor, limited: LocalActionDeployer, store: S3FileStore
) -> None:
    action = make_processor(
        "count",
        COUNT,
        inputs=(IoSpec("folder", IoType.DIRECTORY),),
        outputs=(IoSpec("files", IoType.INTEGER),),
    )
    invoker = GrpcActionInvoker(limited, RecordingLogSink())
    handle = await limited.ensure(processor(action))
    outcomes = []
    for name, content in {
        "bomb": archive({"zeros.bin": bytes(64 * MIB)}),  # 64 MiB in about 64 KB
        "crowd": archive({f"f{number}.txt": b"x" for number in range(51)}),
        "fine": archive({f"f{number}.txt": b"x" for number in range(50)}),
    }.items():
        key = f"projects/p/in/{name}.zip"
        await store.put_bytes(key, content)
        folder = IoValue(IoType.DIRECTORY, StoredFile(key, name, len(content), directory=True))
        outcome = await invoker.execute(
            handle, request({"folder": folder}, input_urls={"folder": store.get_url(key)})
        )
        outcomes.append(outcome)
    await limited.release(handle)

    bomb, crowd, fine = outcomes
    assert isinstance(bomb, Failed)
    assert bomb.message == (
        "input 'folder': refused archive: it expands to more than 4194304 bytes (the limit)"
    )
    assert isinstance(crowd, Failed)
    assert crowd.message.endswith("it holds more than 50 entries (the limit)")
    assert isinstance(fine, Succeeded)
    assert fine.outputs["files"] == 50
