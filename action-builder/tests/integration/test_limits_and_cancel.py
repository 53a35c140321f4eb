"""Time limits, cancellation and concurrency, observed through the processes a build starts
(in its sandbox: the host sees them by their command line)."""

from __future__ import annotations

import os
import signal
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flowloom.action_builder.infrastructure.messaging.protobuf.action_builder.v1 import (
    action_builder_events_pb2 as builder_pb,
)
from flowloom.testkit.testing import eventually

from .actions import processes_with, slow_package, write_action

pytestmark = [pytest.mark.integration, pytest.mark.slow]
HANDLER = "def handle(inputs):\n    return {'answer': 'slow'}\n"


def slow_action(tmp_path: Path, name: str, *, hold: float) -> tuple[Path, str]:
    """An action requiring a package of its own whose build holds a process (its token)."""
    token = f"flowloom-test-{name}-{uuid.uuid4().hex}"
    action = write_action(tmp_path / "src", f"uses-{name}", HANDLER)
    (action / "requirements.txt").write_text(slow_package(action, name, token, hold=hold))
    return action, token


async def test_kills_build_when_it_exceeds_its_time_limit(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    action, token = slow_action(tmp_path, "sleeper", hold=600)
    async with builder() as harness:
        build_id = await harness.order(await harness.upload_action(action), time_limit_seconds=20)
        await eventually(lambda: processes_with(token), within=20)  # the build is sleeping
        result = await harness.failed(build_id)
        log = await harness.log(result.logs, tmp_path)
    assert result.error == "build exceeded its time limit of 20 s"
    assert not result.cancelled
    assert "FAILED: build exceeded its time limit of 20 s" in log
    assert "(killed)" in log
    await eventually(lambda: not processes_with(token))


async def test_kills_build_when_cancelled_while_running(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    action, token = slow_action(tmp_path, "sleeper", hold=600)
    async with builder() as harness:
        build_id = await harness.order(await harness.upload_action(action))
        await eventually(lambda: processes_with(token), within=120)
        await harness.cancel(build_id)
        result = await harness.failed(build_id)
        log = await harness.log(result.logs, tmp_path)
    assert result.cancelled
    assert result.error == "build cancelled"
    assert "(killed)" in log
    await eventually(lambda: not processes_with(token))


async def test_fails_queued_build_as_cancelled_when_cancelled_before_it_starts(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    busy, token = slow_action(tmp_path, "sleeper", hold=600)
    queued = write_action(tmp_path / "queued", "queued", HANDLER)
    async with builder(concurrency=1) as harness:
        first = await harness.order(await harness.upload_action(busy))
        await eventually(lambda: processes_with(token), within=120)
        second = await harness.order(await harness.upload_action(queued))
        await harness.cancel(second)  # waits behind the first order: only remembered
        await harness.cancel(first)
        await harness.failed(first)
        result = await harness.failed(second)
    assert result.cancelled
    assert [key for key, _ in harness.of(second)] == ["build.failed"]  # never started


async def test_runs_two_builds_at_once_when_concurrency_allows(
    builder: Callable[..., Any], tmp_path: Path
) -> None:
    # Each package build holds a process until the test ends it (or 120 s): run one after the
    # other, both processes could never be seen at once.
    (one, token_one), (two, token_two) = (
        slow_action(tmp_path / name, name, hold=120) for name in ("meeta", "meetb")
    )
    async with builder(concurrency=2) as harness:
        builds = [await harness.order(await harness.upload_action(a)) for a in (one, two)]
        await eventually(lambda: processes_with(token_one) and processes_with(token_two),
                         within=120)  # fmt: skip
        for pid in processes_with(token_one) + processes_with(token_two):
            os.kill(pid, signal.SIGKILL)  # both builds go on
        results = [await harness.result(b) for b in builds]
    assert all(isinstance(r, builder_pb.ActionBuildSucceeded) for r in results), results
