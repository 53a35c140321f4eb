"""The build use case with fakes: results, cache, failures, limits, cancellation, duplicates."""

from __future__ import annotations

import asyncio
from typing import TypeVar

import pytest

from flowloom.action_builder.domain.build import BuildFailed, BuildStarted, BuildSucceeded
from flowloom.action_builder.domain.errors import BuildStepFailed, PythonUnavailable
from flowloom.testkit.testing import eventually

from .conftest import World, order

Result = TypeVar("Result", BuildSucceeded, BuildFailed)


def last(world: World, kind: type[Result]) -> Result:
    """The build's last event, which must be a `kind`."""
    event = world.outbox.events[-1]
    assert isinstance(event, kind)
    return event


async def test_publishes_started_then_succeeded_when_build_works(world: World) -> None:
    await world.service.build(order())
    assert world.kinds() == ["BuildStarted", "BuildSucceeded"]
    result = last(world, BuildSucceeded)
    assert result.artefact.uri.startswith("s3://artefacts/venv/")
    assert result.artefact.digest.startswith("sha256:")
    assert result.logs == "s3://artefacts/logs/b1.log"
    assert not result.cache_hit
    assert result.duration_seconds > 0
    assert "environment cache: miss" in world.artefacts.logs["b1"]
    assert world.environments.created[0][1] is not None  # requirements.txt installed
    assert not world.workspaces.live


async def test_reuses_cached_environment_when_requirements_are_unchanged(world: World) -> None:
    world.sources.requirements["s3://sources/hello-v2.tar.gz"] = "# same\nSix==1.16.0"
    await world.service.build(order("b1"))
    await world.service.build(order("b2", source_archive="s3://sources/hello-v2.tar.gz"))
    result = last(world, BuildSucceeded)
    assert result.cache_hit
    assert len(world.environments.created) == 1
    assert "environment cache: hit" in world.artefacts.logs["b2"]


async def test_makes_its_own_environment_when_another_project_cached_the_same_needs(
    world: World,
) -> None:
    await world.service.build(order("b1", project_id="p1"))
    await world.service.build(order("b2", project_id="p2"))
    await world.service.build(order("b3", project_id="p2"))
    assert world.environments.projects == ["p1", "p2"]  # b3 reused p2's own environment
    assert [event.cache_hit for event in world.outbox.events
            if isinstance(event, BuildSucceeded)] == [False, False, True]  # fmt: skip


async def test_installs_no_requirements_file_when_it_is_empty(world: World) -> None:
    world.sources.requirements["s3://sources/bare.tar.gz"] = "# nothing\n"
    await world.service.build(order(source_archive="s3://sources/bare.tar.gz"))
    assert world.environments.created == [(world.environments.created[0][0], None)]


async def test_never_caches_environment_when_requirements_refer_to_local_files(
    world: World,
) -> None:
    world.sources.requirements["s3://sources/local.tar.gz"] = "-e ./lib\n"
    for build_id in ("b1", "b2"):
        await world.service.build(order(build_id, source_archive="s3://sources/local.tar.gz"))
    assert len(world.environments.created) == 2
    assert not world.artefacts.cache


async def test_fails_with_step_message_and_log_when_install_fails(world: World) -> None:
    world.environments.failure = BuildStepFailed("installing the requirements failed: nope")
    await world.service.build(order())
    assert world.kinds() == ["BuildStarted", "BuildFailed"]
    result = last(world, BuildFailed)
    assert result.error == "installing the requirements failed: nope"
    assert result.logs == "s3://artefacts/logs/b1.log"
    assert not result.cancelled
    assert "uv pip install" in world.artefacts.logs["b1"]
    assert not world.workspaces.live


async def test_fails_naming_versions_when_python_is_unavailable(world: World) -> None:
    world.environments.failure = PythonUnavailable("3.9", ["3.11", "3.12"])
    await world.service.build(order(python_version="3.9"))
    result = last(world, BuildFailed)
    assert result.error == "Python 3.9 is not available to the venv builder (available: 3.11, 3.12)"


async def test_fails_with_message_when_something_unexpected_breaks(world: World) -> None:
    world.environments.failure = RuntimeError("disk on fire")
    await world.service.build(order())
    result = last(world, BuildFailed)
    assert result.error == "the build failed unexpectedly: disk on fire"
    assert "RuntimeError: disk on fire" in world.artefacts.logs["b1"]


@pytest.mark.parametrize("action_type", ["nodejs", "csharp-dotnet6", "python3-cuda"])
async def test_fails_without_building_when_type_is_unsupported(
    world: World, action_type: str
) -> None:
    await world.service.build(order(type=action_type))
    result = last(world, BuildFailed)
    assert "is not supported by the venv builder (supported: python3)" in result.error
    assert not world.environments.created


async def test_fails_without_building_when_the_host_cannot_sandbox_builds(world: World) -> None:
    world.environments.refusal = "builds are refused: bubblewrap (bwrap) is not installed"
    await world.service.build(order())
    assert world.kinds() == ["BuildStarted", "BuildFailed"]
    result = last(world, BuildFailed)
    assert result.error == "builds are refused: bubblewrap (bwrap) is not installed"
    assert "FAILED: builds are refused" in world.artefacts.logs["b1"]
    assert not world.environments.created
    assert not world.workspaces.created


async def test_fails_without_building_when_system_packages_are_needed(world: World) -> None:
    await world.service.build(order(dependencies=("ffmpeg",)))
    result = last(world, BuildFailed)
    assert result.error == "system packages cannot be installed by the venv builder: ffmpeg"


async def test_kills_build_when_it_exceeds_its_time_limit(world: World) -> None:
    world.environments.release = asyncio.Event()  # never set: the install hangs
    await world.service.build(order(time_limit_seconds=0.05))
    result = last(world, BuildFailed)
    assert result.error == "build exceeded its time limit of 0.05 s"
    assert not result.cancelled
    assert world.environments.killed == 1
    assert "uv pip install" in world.artefacts.logs["b1"]  # the log so far
    assert not world.workspaces.live


async def test_fails_as_cancelled_when_cancelled_while_running(world: World) -> None:
    world.environments.release = asyncio.Event()
    building = asyncio.create_task(world.service.build(order()))
    await world.environments.entered.wait()
    assert world.service.running() == ["b1"]
    await world.service.cancel("b1")
    await building
    result = last(world, BuildFailed)
    assert result.cancelled
    assert world.environments.killed == 1
    assert world.kinds() == ["BuildStarted", "BuildFailed"]


async def test_fails_as_cancelled_without_starting_when_cancelled_before_order(
    world: World,
) -> None:
    await world.service.cancel("b1")
    await world.service.build(order())
    assert world.kinds() == ["BuildFailed"]
    result = last(world, BuildFailed)
    assert result.cancelled
    assert result.logs == ""
    assert not world.environments.created


async def test_cancel_of_finished_build_changes_nothing(world: World) -> None:
    await world.service.build(order())
    await world.service.cancel("b1")
    await world.service.build(order())  # a redelivered order
    assert world.kinds() == ["BuildStarted", "BuildSucceeded"]


async def test_ignores_duplicate_order_when_build_has_ended(world: World) -> None:
    await world.service.build(order())
    await world.service.build(order())  # its result is in the outbox already: owed once
    assert world.kinds() == ["BuildStarted", "BuildSucceeded"]
    assert len(world.environments.created) == 1


async def test_builds_once_when_the_same_order_arrives_twice_at_once(world: World) -> None:
    await asyncio.gather(world.service.build(order()), world.service.build(order()))
    assert world.kinds() == ["BuildStarted", "BuildSucceeded"]
    assert len(world.environments.created) == 1


async def test_ignores_duplicate_order_when_build_is_running(world: World) -> None:
    world.environments.release = asyncio.Event()
    building = asyncio.create_task(world.service.build(order()))
    await world.environments.entered.wait()
    await world.service.build(order())  # returns at once
    world.environments.release.set()
    await building
    assert world.kinds() == ["BuildStarted", "BuildSucceeded"]


async def test_commits_no_result_and_kills_build_when_service_stops(world: World) -> None:
    world.environments.release = asyncio.Event()
    building = asyncio.create_task(world.service.build(order()))
    await world.environments.entered.wait()
    building.cancel()
    with pytest.raises(asyncio.CancelledError):
        await building
    assert world.kinds() == ["BuildStarted"]  # no result: the order comes back
    assert world.environments.killed == 1
    assert not world.service.running()
    await eventually(lambda: not world.workspaces.live)


async def test_still_publishes_result_when_log_cannot_be_stored(world: World) -> None:
    world.artefacts.log_failure = OSError("object store down")
    await world.service.build(order())
    result = last(world, BuildSucceeded)
    assert result.logs == ""


async def test_starts_each_build_with_started_event(world: World) -> None:
    await world.service.build(order())
    assert isinstance(world.outbox.events[0], BuildStarted)
    assert world.outbox.events[0].build_id == "b1"


async def test_builds_an_environment_once_when_two_orders_share_its_cache_key(
    world: World,
) -> None:
    world.environments.release = asyncio.Event()
    first = asyncio.create_task(world.service.build(order("b1")))
    await world.environments.entered.wait()  # b1 is making the environment
    second = asyncio.create_task(world.service.build(order("b2")))  # same project and needs
    await eventually(lambda: world.locks.waiting == 1)  # b2 waits for the environment
    world.environments.release.set()
    await asyncio.gather(first, second)
    assert len(world.environments.created) == 1  # b2 waited for b1, then found it cached
    results = {e.build_id: e for e in world.outbox.events if isinstance(e, BuildSucceeded)}
    assert (results["b1"].cache_hit, results["b2"].cache_hit) == (False, True)
    assert "environment cache: hit" in world.artefacts.logs["b2"]
    assert "another build is making it: waiting" in world.artefacts.logs["b2"]
