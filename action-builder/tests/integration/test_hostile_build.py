"""A requirement of the action's own runs code at build time (its `setup.py`, then a `.pth`
file at every start of the environment's interpreter, `compileall` included): it attacks the
builder's host from inside the build. Sandboxed, every attack is refused and the build works;
with the operator's ALLOW_UNSANDBOXED on a host without bwrap, the same probe gets everything
(which is what the sandbox is for); without bwrap and without that setting, builds are refused.
"""

from __future__ import annotations

import json
import os
import tarfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from flowloom.action_builder.infrastructure.environment.sandbox import BuildSandbox
from flowloom.action_builder.infrastructure.messaging.protobuf.action_builder.v1 import (
    action_builder_events_pb2 as builder_pb,
)
from flowloom.adm.seaweed import S3Endpoint

from .actions import write_action
from .probe import probe_package

pytestmark = [pytest.mark.integration, pytest.mark.slow]
HANDLER = "def handle(inputs):\n    return {'answer': 'probed'}\n"
PRIVATE = ("FLOWLOOM_", "AWS_", "MINIO_")


@dataclass
class Platform:
    """What stands for the platform on this host: secret files, and the builder's secrets."""

    password: Path
    key: Path
    outside: Path  # a directory of the platform's, outside any build
    secrets: list[str]  # every secret value: never in a log or an artefact


@pytest.fixture
def platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Platform:
    outside = tmp_path / "platform"
    (outside / "keys").mkdir(parents=True)
    password, key = outside / "admin-password", outside / "keys" / "signing.pem"
    values = {name: f"{name}-{uuid.uuid4().hex}" for name in ("pw", "key", "env", "aws")}
    password.write_text(values["pw"])
    key.write_text(values["key"])
    # Variables of the builder's own process that a build must never see.
    monkeypatch.setenv("FLOWLOOM_ACTION_BUILDER_S3_SECRET_KEY", values["env"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", values["aws"])
    return Platform(password, key, outside, list(values.values()))


def hostile_action(tmp_path: Path, platform: Platform, data_dir: Path, s3: S3Endpoint) -> Path:
    action = write_action(tmp_path / "src", "hostile", HANDLER)
    targets = {
        "read": [str(platform.password), str(platform.key)],
        "list": [str(data_dir), str(data_dir / "work"), str(platform.outside)],
        "write": [str(platform.outside / "owned.txt"), str(data_dir / "owned.txt")],
        "environ": ["/proc/1/environ", f"/proc/{os.getpid()}/environ"],
        "connect": [str(urlsplit(s3.url).port)],
    }
    (action / "requirements.txt").write_text(probe_package(action, targets))
    return action


async def build(harness: Any, action: Path, tmp_path: Path) -> tuple[Any, str, Path]:
    """The result, the log and the unpacked artefact (None when the build failed)."""
    result = await harness.result(await harness.order(await harness.upload_action(action)))
    log = await harness.log(result.logs, tmp_path) if result.logs else ""
    root = tmp_path / "artefact"
    if isinstance(result, builder_pb.ActionBuildSucceeded):
        archive = tmp_path / "artefact.tar.gz"
        assert await harness.artefacts.download(result.artefact.split("/", 3)[3], archive)
        with tarfile.open(archive) as tar:
            tar.extractall(root, filter="tar")
    return result, log, root


def reports(root: Path) -> dict[str, dict[str, Any]]:
    """What the probe found while the package was built, and when compileall started Python."""
    found = list(root.glob("venv/lib/python3*/site-packages/probe/report-*.json"))
    return {path.stem.removeprefix("report-"): json.loads(path.read_text()) for path in found}


def refused(outcomes: dict[str, str]) -> dict[str, str]:
    """The attempts that were not refused (the ones that leaked)."""
    return {target: got for target, got in outcomes.items() if not got.startswith("refused")}


async def test_refuses_every_attack_of_the_builds_code_when_sandboxed(
    builder: Callable[..., Any], tmp_path: Path, platform: Platform, s3: S3Endpoint
) -> None:
    async with builder(data_dir=tmp_path / "data") as harness:
        action = hostile_action(tmp_path, platform, harness.settings.data_dir, s3)
        result, log, root = await build(harness, action, tmp_path)
    assert isinstance(result, builder_pb.ActionBuildSucceeded), result.error
    found = reports(root)
    assert sorted(found) == ["build", "start"]  # setup.py ran, and the .pth at compileall
    for moment, report in found.items():
        for attack in ("read", "list", "write", "connect"):
            assert refused(report[attack]) == {}, (moment, attack, report[attack])
        environ = refused(report["environ"])
        assert f"/proc/{os.getpid()}/environ" not in environ, (moment, environ)  # no such pid
        for names in environ.values():  # the sandbox's own first process at most
            assert not [n for n in json.loads(names[5:]) if n.startswith(PRIVATE)], names
        assert not [name for name in report["environment"] if name.startswith(PRIVATE)]
        assert report["uid"] == [65534, 65534]
    assert "bubblewrap sandbox as 65534:65534, network isolated" in log
    assert not (platform.outside / "owned.txt").exists()
    assert not (harness.settings.data_dir / "owned.txt").exists()
    text = log + "".join(json.dumps(report) for report in found.values())
    assert [secret for secret in platform.secrets if secret in text] == []
    compiled = root.glob("venv/lib/python3*/site-packages/flowloom/action_wrapper/__pycache__/*")
    assert list(compiled), "compileall wrote the wrapper's bytecode"


async def test_leaks_the_platform_to_the_builds_code_when_unsandboxed_builds_are_allowed(
    builder: Callable[..., Any], tmp_path: Path, platform: Platform, s3: S3Endpoint
) -> None:
    """What an operator's FLOWLOOM_ACTION_BUILDER_ALLOW_UNSANDBOXED=1 means (and proof that
    the probe above finds what is there to find)."""
    plain = BuildSandbox(tools=None, allow_unsandboxed=True)
    async with builder(sandbox=plain, data_dir=tmp_path / "data") as harness:
        action = hostile_action(tmp_path, platform, harness.settings.data_dir, s3)
        result, log, root = await build(harness, action, tmp_path)
    assert isinstance(result, builder_pb.ActionBuildSucceeded), result.error
    report = reports(root)["build"]
    assert report["read"][str(platform.password)] == "GOT: " + platform.password.read_text()
    assert "GOT: " in report["list"][str(harness.settings.data_dir)]
    assert report["write"][str(platform.outside / "owned.txt")].startswith("GOT")
    assert report["environ"][f"/proc/{os.getpid()}/environ"].startswith("GOT")
    assert report["connect"] == {str(urlsplit(s3.url).port): "GOT: connected"}
    # Even unsandboxed, the environment is an allow-list.
    assert not [name for name in report["environment"] if name.startswith(PRIVATE)]
    assert "WITHOUT a sandbox" in log


async def test_refuses_every_build_when_bwrap_is_missing_and_not_allowed(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    action = write_action(tmp_path / "src", "plain", HANDLER)
    async with builder(sandbox=BuildSandbox(tools=None)) as harness:
        build_id = await harness.order(await harness.upload_action(action))
        result = await harness.failed(build_id)
        log = await harness.log(result.logs, tmp_path)
    assert result.error == (
        "builds are refused: bubblewrap (bwrap) is not installed, and the action's code runs "
        "at build time only in a sandbox unless FLOWLOOM_ACTION_BUILDER_ALLOW_UNSANDBOXED=1 "
        "(install the bubblewrap package)"
    )
    assert [key for key, _ in harness.of(build_id)] == ["build.started", "build.failed"]
    assert "==> fetch the source" not in log  # refused before any work
