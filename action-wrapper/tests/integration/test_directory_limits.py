"""Directory inputs through a real wrapper subprocess: zip bombs stop at the limits."""

from __future__ import annotations

import zipfile
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb

from .harness import Action, Store, Wrapper, io, terminal

pytestmark = pytest.mark.integration

StartWrapper = Callable[..., Awaitable[Wrapper]]
MIB = 1024**2

COUNT = Action(
    "Processor",
    """
    import os

    def handle(inputs):
        return {"files": sum(len(names) for _, _, names in os.walk(inputs["folder"]))}
    """,
    inputs=[io("folder", "directory")],
    outputs=[io("files", "integer")],
)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """About 2 MB of zip that expands to 2 GiB of zeros, written as a stream."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zipped,
        zipped.open("zeros.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(2048):
            member.write(bytes(MIB))
    return path.read_bytes()


def folder(store: Store, archive: bytes) -> dict[str, pb.Value]:
    ref = pb.FileRef(url=store.upload(archive), name="data", directory=True)
    return {"folder": pb.Value(file_value=ref)}


def leftovers(tmp: Path) -> int:
    return sum(p.stat().st_size for p in tmp.rglob("*") if p.is_file())


@pytest.mark.slow
async def test_fails_execution_naming_the_limit_when_directory_input_is_a_zip_bomb(
    wrapper_for: StartWrapper,
    store: Store,
    bomb: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert len(bomb) < 3 * MIB
    tmp = tmp_path / "tmp"  # the wrapper's temp dir: where a directory input is extracted
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    wrapper = await wrapper_for(COUNT, "--directory-max-bytes", str(256 * MIB))
    event = terminal(await wrapper.run(folder(store, bomb)))
    assert event.WhichOneof("event") == "error"
    assert event.error.message == (
        "input 'folder': refused archive: it expands to more than 268435456 bytes (the limit)"
    )
    assert leftovers(tmp) == 0  # the part written before the limit is gone too


async def test_fails_execution_naming_the_limit_when_directory_input_holds_too_many_entries(
    wrapper_for: StartWrapper, store: Store, tmp_path: Path
) -> None:
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for number in range(101):
            zipped.writestr(f"f{number}.txt", "x")
    wrapper = await wrapper_for(COUNT, "--directory-max-files", "100")
    event = terminal(await wrapper.run(folder(store, archive.read_bytes())))
    assert event.error.message == (
        "input 'folder': refused archive: it holds more than 100 entries (the limit)"
    )
    within = await wrapper.run(folder(store, _entries(tmp_path / "fine.zip", 100)))
    assert terminal(within).result.outputs["files"].integer_value == 100


def _entries(path: Path, count: int) -> bytes:
    with zipfile.ZipFile(path, "w") as zipped:
        for number in range(count):
            zipped.writestr(f"f{number}.txt", "x")
    return path.read_bytes()
