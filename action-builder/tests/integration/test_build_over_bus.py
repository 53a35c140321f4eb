"""Orders over the real bus, sources and artefacts in a real S3: artefacts that really run."""

from __future__ import annotations

import asyncio
import hashlib
import subprocess
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .actions import write_action

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SIX_HANDLER = """\
import six


def handle(inputs):
    return {"answer": six.text_type("built with six " + six.__version__)}
"""


async def unpack(harness: Any, artefact: str, digest: str, into: Path) -> Path:
    """Download an artefact, check its digest, unpack it where the builder never was."""
    archive = into / "artefact.tar.gz"
    assert await harness.artefacts.download(artefact.split("/", 3)[3], archive)
    assert digest == "sha256:" + hashlib.sha256(archive.read_bytes()).hexdigest()
    root = into / "elsewhere" / "deployed"
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        assert all(n.split("/")[0] in ("venv", "action") for n in names)
        tar.extractall(root, filter="tar")  # our own artefact: the venv links its interpreter
    return root


async def python_in(root: Path, code: str) -> str:
    """Run `code` with the unpacked environment's python, in the action directory."""
    process = await asyncio.create_subprocess_exec(
        str(root / "venv" / "bin" / "python"), "-c", code,
        cwd=root / "action", stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, _ = await process.communicate()
    assert process.returncode == 0
    return out.decode().strip()


def start_wrapper(root: Path) -> str:
    """Start the wrapper as the runner does; return its `ready on` line, then stop it."""
    command = [
        str(root / "venv" / "bin" / "flowloom-action-wrapper"),
        "serve", "--action-dir", str(root / "action"), "--port", "0",
    ]  # fmt: skip
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        for line in process.stderr:
            if "ready on" in line:
                return line.strip()
        raise AssertionError(f"the wrapper exited with {process.wait()} without being ready")
    finally:
        process.kill()
        process.wait()


async def test_builds_artefact_that_runs_elsewhere_when_action_needs_a_package(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    action = write_action(tmp_path / "src", "hello-six", SIX_HANDLER, "six==1.16.0\n")
    async with builder() as harness:
        build_id = await harness.order(await harness.upload_action(action))
        result = await harness.succeeded(build_id)
        assert [key for key, _ in harness.of(build_id)] == ["build.started", "build.succeeded"]
        bucket = harness.settings.s3_bucket
        assert result.artefact == f"s3://{bucket}/venv/{result.artefact_digest[7:]}.tar.gz"
        assert result.logs == f"s3://{bucket}/logs/{build_id}.log"
        assert not result.cache_hit
        log = await harness.log(result.logs, tmp_path)
        root = await unpack(harness, result.artefact, result.artefact_digest, tmp_path)
    assert "uv pip install" in log
    assert "environment cache: miss" in log
    assert "+ six==1.16.0" in log
    imported = await python_in(root, "import six; print(six.__file__)")
    assert imported.startswith(str(root / "venv"))
    handled = await python_in(root, "import ryax_handler; print(ryax_handler.handle({})['answer'])")
    assert handled == "built with six 1.16.0"
    assert (await asyncio.to_thread(start_wrapper, root)).startswith("ready on 127.0.0.1:")


async def test_builds_action_without_requirements(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    handler = "def handle(inputs):\n    return {'answer': 'plain'}\n"
    action = write_action(tmp_path / "src", "plain", handler)
    async with builder() as harness:
        source = await harness.upload_action(action)
        build_id = await harness.order(source)
        result = await harness.succeeded(build_id)
        log = await harness.log(result.logs, tmp_path)
        root = await unpack(harness, result.artefact, result.artefact_digest, tmp_path)
        # The same order again (a redelivery): ignored, its result was delivered already.
        await harness.order(source, build_id=build_id)
        await asyncio.sleep(2)
    assert [key for key, _ in harness.of(build_id)] == ["build.started", "build.succeeded"]
    assert "requirements.txt: none" in log
    assert (root / "action" / "ryax_handler.py").read_text() == handler
    assert (await asyncio.to_thread(start_wrapper, root)).startswith("ready on")


async def test_fails_with_installer_output_when_requirement_does_not_exist(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    action = write_action(
        tmp_path / "src", "broken", SIX_HANDLER, "this-package-does-not-exist-xyz==1\n"
    )
    async with builder() as harness:
        build_id = await harness.order(await harness.upload_action(action))
        result = await harness.failed(build_id)
        log = await harness.log(result.logs, tmp_path)
    assert result.error.startswith("installing the requirements failed (exit status")
    assert "this-package-does-not-exist-xyz" in result.error  # the installer's last lines
    assert "this-package-does-not-exist-xyz" in log
    assert "pip install" in log
    assert not result.cancelled


@pytest.mark.parametrize("action_type", ["nodejs", "csharp-dotnet6", "python3-cuda"])
async def test_fails_without_building_when_type_is_unsupported(
    builder: Callable[..., Any], tmp_path: Path, action_type: str
) -> None:
    action = write_action(tmp_path / "src", "other", "def handle(inputs):\n    pass\n")
    async with builder() as harness:
        source = await harness.upload_action(action)
        build_id = await harness.order(source, type=action_type)
        result = await harness.failed(build_id)
    assert result.error == (
        f"action type {action_type} is not supported by the venv builder (supported: python3)"
    )


async def test_fails_naming_packages_when_system_dependencies_are_declared(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    action = write_action(tmp_path / "src", "media", "def handle(inputs):\n    pass\n")
    async with builder() as harness:
        source = await harness.upload_action(action)
        build_id = await harness.order(source, dependencies=["ffmpeg", "imagemagick"])
        result = await harness.failed(build_id)
    assert result.error == (
        "system packages cannot be installed by the venv builder: ffmpeg, imagemagick"
    )


async def test_fails_naming_available_versions_when_python_is_missing(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    action = write_action(tmp_path / "src", "old", "def handle(inputs):\n    pass\n")
    async with builder() as harness:
        build_id = await harness.order(await harness.upload_action(action), python_version="3.4")
        result = await harness.failed(build_id)
    assert result.error.startswith("Python 3.4 is not available to the venv builder (available: ")
    assert "3.11" in result.error


async def test_fails_when_source_archive_is_missing(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    async with builder() as harness:
        missing = harness.sources.uri("sources/nothing-here.tar.gz")
        result = await harness.failed(await harness.order(missing))
    assert result.error == f"the source archive {missing} does not exist"
