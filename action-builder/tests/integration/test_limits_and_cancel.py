"""Time limits, cancellation and concurrency, observed through processes and marker files."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flowloom.action_builder.infrastructure.messaging.protobuf.action_builder.v1 import (
    action_builder_events_pb2 as builder_pb,
)
from flowloom.servicekit.testing import eventually

from .actions import slow_package, write_action
from .conftest import pid_alive

pytestmark = [pytest.mark.integration, pytest.mark.slow]
HANDLER = "def handle(inputs):\n    return {'answer': 'slow'}\n"


def slow_action(tmp_path: Path, name: str, *, wait_for: list[str], hold: float) -> Path:
    package = slow_package(tmp_path / "pkgs", name, tmp_path / "markers", wait_for=wait_for,
                           hold=hold)  # fmt: skip
    requirements = f"{name} @ {package.as_uri()}\n"
    return write_action(tmp_path / "src", f"uses-{name}", HANDLER, requirements)


def marker(tmp_path: Path, name: str, suffix: str) -> Path:
    return tmp_path / "markers" / f"{name}.{suffix}"


async def test_kills_build_when_it_exceeds_its_time_limit(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    action = slow_action(tmp_path, "sleeper", wait_for=["never"], hold=600)
    async with builder() as harness:
        build_id = await harness.order(await harness.upload_action(action), time_limit_seconds=1)
        result = await harness.result(build_id)
        assert isinstance(result, builder_pb.ActionBuildFailed), result
        log = await harness.log(result.logs, tmp_path)
    assert result.error == "build exceeded its time limit of 1 s"
    assert not result.cancelled
    assert "FAILED: build exceeded its time limit of 1 s" in log
    pid_file = marker(tmp_path, "sleeper", "pid")
    if pid_file.exists():  # the limit may strike before the package build begins
        await eventually(lambda: not pid_alive(int(pid_file.read_text())))


async def test_kills_build_when_cancelled_while_running(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    action = slow_action(tmp_path, "sleeper", wait_for=["never"], hold=600)
    pid_file = marker(tmp_path, "sleeper", "pid")
    async with builder() as harness:
        build_id = await harness.order(await harness.upload_action(action))
        await eventually(pid_file.exists, within=120)
        await harness.cancel(build_id)
        result = await harness.result(build_id)
        assert isinstance(result, builder_pb.ActionBuildFailed), result
        log = await harness.log(result.logs, tmp_path)
    assert result.cancelled
    assert result.error == "build cancelled"
    assert "(killed)" in log
    await eventually(lambda: not pid_alive(int(pid_file.read_text())))


async def test_fails_queued_build_as_cancelled_when_cancelled_before_it_starts(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    busy = slow_action(tmp_path, "sleeper", wait_for=["never"], hold=600)
    queued = write_action(tmp_path / "queued", "queued", HANDLER)
    async with builder(concurrency=1) as harness:
        first = await harness.order(await harness.upload_action(busy))
        await eventually(marker(tmp_path, "sleeper", "pid").exists, within=120)
        second = await harness.order(await harness.upload_action(queued))
        await harness.cancel(second)  # waits behind the first order: only remembered
        await harness.cancel(first)
        assert isinstance(await harness.result(first), builder_pb.ActionBuildFailed)
        result = await harness.result(second)
    assert isinstance(result, builder_pb.ActionBuildFailed)
    assert result.cancelled
    assert [key for key, _ in harness.of(second)] == ["build.failed"]  # never started


async def test_runs_two_builds_at_once_when_concurrency_allows(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    # Each package build waits (up to 120 s) for the other one to begin: run one after the
    # other, their build intervals could not overlap.
    one = slow_action(tmp_path, "meeta", wait_for=["meetb"], hold=120)
    two = slow_action(tmp_path, "meetb", wait_for=["meeta"], hold=120)
    async with builder(concurrency=2) as harness:
        builds = [await harness.order(await harness.upload_action(a)) for a in (one, two)]
        results = [await harness.result(b) for b in builds]
    assert all(isinstance(r, builder_pb.ActionBuildSucceeded) for r in results), results
    (a_start, a_end), (b_start, b_end) = (
        [ast.literal_eval(marker(tmp_path, name, s).read_text()) for s in ("start", "end")]
        for name in ("meeta", "meetb")
    )
    # The two builds overlapped.
    assert a_start < b_end
    assert b_start < a_end
