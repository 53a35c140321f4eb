"""A deleted project leaves nothing behind in the runner."""

from __future__ import annotations

from flowloom.runner.domain.values import FileContent, IoType

from .builders import OTHER_PROJECT, PROJECT, manual, source, spec, step, workflow
from .world import World, wait_until


async def test_stops_and_deletes_everything_when_project_is_deleted(world: World) -> None:
    world.invoker.gate("a")
    version = workflow(step("a"), trigger=manual(spec("doc", IoType.FILE)))
    run_id = await world.start(version, {"doc": FileContent("a.txt", b"hi")})
    await wait_until(lambda: "a" in world.invoker.running.values())
    await world.deploy(
        workflow(trigger=source(), workflow_id="wf-other", version_id="v-other"), OTHER_PROJECT
    )
    await world.cleanup.handle_project_deleted(PROJECT)
    await wait_until(lambda: world.invoker.cancelled == ["a"] and world.engine.running == 0)
    assert run_id not in world.db.runs
    assert list(world.db.deployments) == ["wf-other"]
    assert [project for project, _ in world.db.versions.values()] == [OTHER_PROJECT]
    assert world.files.objects == {}
    assert world.logs.lines == {}
    assert world.deployer.stopped_workflows == ["wf-1"]
    assert world.supervisor.stopped == ["wf-1"]
    assert world.db.published[-1].workflow_id == "wf-other"  # type: ignore[attr-defined]
