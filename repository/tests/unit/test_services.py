"""Application services on fakes: build orders, result handling, scans, deletions."""

from __future__ import annotations

import pytest

from flowloom.repository.application.actions import ActionService
from flowloom.repository.application.builds import BuildFailed, BuildService, BuildSucceeded
from flowloom.repository.application.projects import ProjectCleanupService
from flowloom.repository.application.scans import ScanService
from flowloom.repository.domain.catalog import ActionState
from flowloom.repository.domain.errors import Conflict, NotFound
from flowloom.repository.domain.events import (
    ActionBuildCancelled,
    ActionBuildRequested,
    ActionPublished,
    ActionUnpublished,
)
from flowloom.repository.domain.scan import ScanFailed, ScanResult
from flowloom.repository.domain.source import ScanState

from .builders import action, found, source
from .fakes import FakeCipher, FakeClock, FakeGate, FakeIds, FakeLogs, FakeScanner, World


@pytest.fixture
def world() -> World:
    world = World()
    world.sources["s1"] = source()
    world.actions["a1"] = action()
    return world


def builds(world: World, logs: FakeLogs | None = None) -> BuildService:
    return BuildService(world.uow, logs or FakeLogs(), FakeClock(), FakeIds(), 900)


def success(build_id: str) -> BuildSucceeded:
    return BuildSucceeded(build_id, "s3://art", "sha256:x", "s3://logs/1", False, 2.0)


async def test_emits_build_order_with_time_limit_when_build_requested(world: World) -> None:
    build = await builds(world).request("p1", "a1")

    [order] = world.of(ActionBuildRequested)
    assert (order.build.id, order.action.id, order.time_limit_seconds) == (build.id, "a1", 900)
    assert world.actions["a1"].state is ActionState.BUILD_PENDING


async def test_publishes_once_when_success_is_delivered_twice(world: World) -> None:
    service = builds(world)
    build = await service.request("p1", "a1")

    await service.succeeded("p1", success(build.id))
    await service.succeeded("p1", success(build.id))

    assert len(world.of(ActionPublished)) == 1
    assert world.actions["a1"].state is ActionState.BUILT


async def test_ignores_results_of_unknown_builds_and_other_projects(world: World) -> None:
    service = builds(world)
    build = await service.request("p1", "a1")

    await service.succeeded("p1", success("unknown"))
    await service.succeeded("p2", success(build.id))
    await service.started("p2", build.id)

    assert world.of(ActionPublished) == []
    assert world.builds[build.id].state == "Pending"


async def test_ignores_late_success_after_cancel(world: World) -> None:
    service = builds(world)
    build = await service.request("p1", "a1")
    await service.cancel("p1", build.id)

    await service.succeeded("p1", success(build.id))
    await service.failed("p1", BuildFailed(build.id, "boom", "", False, 1.0))

    assert len(world.of(ActionBuildCancelled)) == 1
    assert world.of(ActionPublished) == []
    assert (world.builds[build.id].state, world.actions["a1"].state) == (
        "Cancelled",
        ActionState.CANCELLED,
    )
    with pytest.raises(Conflict, match="already Cancelled"):
        await service.cancel("p1", build.id)


async def test_records_cancellation_reported_by_builder(world: World) -> None:
    service = builds(world)
    build = await service.request("p1", "a1")

    await service.failed("p1", BuildFailed(build.id, "stopped", "", True, 1.0))

    assert world.actions["a1"].state is ActionState.CANCELLED


async def test_answers_not_found_for_log_before_builder_wrote_one(world: World) -> None:
    logs = FakeLogs()
    service = builds(world, logs)
    build = await service.request("p1", "a1")
    with pytest.raises(NotFound, match="has no log yet"):
        await service.log("p1", build.id)
    logs.logs["s3://logs/1"] = b"done"
    await service.succeeded("p1", success(build.id))

    assert await service.log("p1", build.id) == b"done"


async def test_unpublishes_deleted_built_action_only(world: World) -> None:
    service = builds(world)
    build = await service.request("p1", "a1")
    await service.succeeded("p1", success(build.id))
    actions = ActionService(world.uow, FakeClock(), FakeIds())

    await actions.delete("p1", "a1")

    [event] = world.of(ActionUnpublished)
    assert (event.action_id, event.technical_name, event.version) == ("a1", "act", "1.0")
    assert world.builds == {}


async def test_records_scan_result_and_failure(world: World) -> None:
    scanner = FakeScanner()
    scanner.result = ScanResult("sha9", "main", [found("act", "act", "d1"), found("b", "b", "d")])
    scans = ScanService(world.uow, scanner, FakeCipher(), FakeClock(), FakeIds(), FakeGate())
    scan = await scans.start("p1", "s1", None)
    await scans.close()
    await scans.run(scan.id, "p1")
    scanner.result = ScanFailed("cannot reach repository x")
    failed = await scans.start("p1", "s1", "dev")
    await scans.run(failed.id, "p1")

    assert (world.scans[scan.id].state, world.scans[scan.id].sha) == (ScanState.DONE, "sha9")
    assert {a.path for a in world.actions.values()} == {"act", "b"}
    assert (world.scans[failed.id].state, world.scans[failed.id].error) == (
        ScanState.FAILED,
        "cannot reach repository x",
    )
    await scans.close()


async def test_removes_everything_when_project_deleted(world: World) -> None:
    await ProjectCleanupService(world.uow).project_deleted("p1")

    assert (world.sources, world.actions) == ({}, {})
    assert world.events == []
