"""Deploying and undeploying workflows: states, events, warm triggers and idempotency."""

from __future__ import annotations

from dataclasses import replace

import pytest

from flowloom.runner.domain.deployment import trigger_log_id
from flowloom.runner.domain.errors import Conflict, NotFound, TriggerStartFailed
from flowloom.runner.domain.events import DeploymentState as D
from flowloom.runner.domain.execution import ExecutionState as S
from flowloom.runner.domain.invocation import (
    ActionDeployment,
    ActionRole,
    LogLine,
    processor_deployment,
)
from flowloom.runner.domain.run import RunState, TriggerSource
from flowloom.runner.domain.workflow import CronTrigger

from .builders import OTHER_PROJECT, PROJECT, WORKFLOW, ref, source, step, workflow
from .world import World, wait_until

TRIGGER_KEY = ActionDeployment(PROJECT, WORKFLOW, source().action, ActionRole.TRIGGER).key


def states(world: World) -> list[tuple[str, D]]:
    return [(e.workflow_version_id, e.state) for e in world.events]


async def test_emits_deploying_then_deployed_when_manual_workflow_is_deployed(
    world: World,
) -> None:
    view = await world.deployments.deploy(PROJECT, workflow(step("a")))
    assert (view.state, view.name, view.number) == (D.DEPLOYED, "workflow wf-1", 1)
    assert states(world) == [("v-1", D.DEPLOYING), ("v-1", D.DEPLOYED)]
    assert world.events[0].project_id == PROJECT
    assert view.webhook_key
    assert "v-1" in world.db.versions
    assert world.supervisor.started == [(PROJECT, "v-1", None)]


async def test_keeps_source_warm_when_trigger_is_an_action(world: World) -> None:
    await world.deployments.deploy(PROJECT, workflow(step("a"), trigger=source()))
    assert world.deployer.ensured == [TRIGGER_KEY]
    [(_, _, handle)] = world.supervisor.started
    assert handle is not None
    assert handle.deployment_key == TRIGGER_KEY
    assert world.deployer.released == []


async def test_changes_nothing_when_same_version_is_redeployed(world: World) -> None:
    version = workflow(step("a"), trigger=source())
    await world.deployments.deploy(PROJECT, version)
    view = await world.deployments.deploy(PROJECT, version)
    assert view.state is D.DEPLOYED
    assert len(world.events) == 2
    assert len(world.supervisor.started) == len(world.deployer.ensured) == 1


async def test_replaces_version_and_keeps_webhook_key_when_new_version_arrives(
    world: World,
) -> None:
    first = await world.deployments.deploy(PROJECT, workflow(step("a"), trigger=source()))
    second = await world.deployments.deploy(
        PROJECT, workflow(step("b"), trigger=source(), version_id="v-2", number=2)
    )
    assert states(world)[2:] == [("v-2", D.DEPLOYING), ("v-2", D.DEPLOYED)]
    assert (second.workflow_version_id, second.number) == ("v-2", 2)
    assert second.webhook_key == first.webhook_key
    assert world.supervisor.stopped == [WORKFLOW]
    assert world.deployer.released == [TRIGGER_KEY]
    assert [v for _, v, _ in world.supervisor.started] == ["v-1", "v-2"]


async def test_drains_old_pools_but_keeps_new_ones_when_rebuilt_action_is_redeployed(
    world: World,
) -> None:
    old, new = step("a"), step("a")
    new = replace(
        new, action=replace(new.action, artefact="s3://artefacts/venv/" + "b" * 64 + ".tar.gz")
    )
    await world.deployments.deploy(PROJECT, workflow(old))
    await world.deployments.deploy(PROJECT, workflow(new, version_id="v-2", number=2))
    old_key = processor_deployment(PROJECT, WORKFLOW, old.action).key
    new_key = processor_deployment(PROJECT, WORKFLOW, new.action).key
    assert old_key != new_key  # same action id and version, another build: another pool
    assert (old.action.digest, new.action.digest) == (None, "sha256:" + "b" * 64)
    assert world.deployer.stopped_workflows == [WORKFLOW]
    assert world.deployer.kept_pools == [frozenset({new_key})]


async def test_emits_error_listing_problems_when_version_is_invalid(world: World) -> None:
    view = await world.deployments.deploy(PROJECT, workflow(step("a"), step("a")))
    assert (view.state, view.message) == (D.ERROR, "step id 'a' is used more than once")
    assert states(world) == [("v-1", D.ERROR)]
    assert world.events[0].message == "step id 'a' is used more than once"
    assert world.supervisor.started == []


async def test_keeps_live_version_when_invalid_version_arrives(world: World) -> None:
    await world.deployments.deploy(PROJECT, workflow(step("a")))
    invalid = workflow(step("b", {"x": ref("ghost.out")}), version_id="v-2")
    view = await world.deployments.deploy(PROJECT, invalid)
    assert (view.state, view.workflow_version_id) == (D.DEPLOYED, "v-1")
    assert states(world)[-1] == ("v-2", D.ERROR)
    assert world.supervisor.stopped == []


async def test_ends_in_error_when_trigger_action_cannot_start(world: World) -> None:
    world.deployer.failures["emitter"] = "image registry.local/emitter:1.0 not found"
    view = await world.deployments.deploy(PROJECT, workflow(step("a"), trigger=source()))
    assert view.state is D.ERROR
    assert view.message == "the trigger could not start: image registry.local/emitter:1.0 not found"
    assert states(world) == [("v-1", D.DEPLOYING), ("v-1", D.ERROR)]


async def test_ends_in_error_when_cron_schedule_is_refused(world: World) -> None:
    world.supervisor.fail_with = "invalid cron schedule '61 * * * *'"
    view = await world.deployments.deploy(PROJECT, workflow(trigger=CronTrigger("61 * * * *")))
    assert view.message == "the trigger could not start: invalid cron schedule '61 * * * *'"


async def test_undeploys_while_runs_in_flight_go_on_when_undeploy_is_requested(
    world: World,
) -> None:
    gate = world.invoker.gate("a")
    version = workflow(step("a"), step("b", needs=["a"]), trigger=source())
    run_id = await world.start(version)
    await wait_until(lambda: "a" in world.invoker.running.values())
    view = await world.deployments.undeploy(PROJECT, WORKFLOW)
    assert view is not None
    assert view.state is D.UNDEPLOYED
    assert states(world)[2:] == [("v-1", D.UNDEPLOYING), ("v-1", D.UNDEPLOYED)]
    assert world.supervisor.stopped == [WORKFLOW]
    assert world.deployer.stopped_workflows == [WORKFLOW]
    with pytest.raises(Conflict, match="Undeployed"):
        await world.runs.start_run(PROJECT, WORKFLOW, TriggerSource.MANUAL, {"message": "x"})
    gate.set()
    run = await world.finish(run_id)
    assert run.state is RunState.COMPLETED
    assert [e.state for e in run.executions] == [S.SUCCESS, S.SUCCESS]


async def test_changes_nothing_when_undeploy_is_repeated_or_unknown(world: World) -> None:
    await world.deployments.deploy(PROJECT, workflow(step("a")))
    await world.deployments.undeploy(PROJECT, WORKFLOW)
    await world.deployments.undeploy(PROJECT, WORKFLOW)
    assert len(world.events) == 4
    assert await world.deployments.undeploy(PROJECT, "wf-unknown") is None
    assert await world.deployments.undeploy(OTHER_PROJECT, WORKFLOW) is None


async def test_ends_in_error_when_source_raises(world: World) -> None:
    await world.deployments.deploy(PROJECT, workflow(trigger=source()))
    await world.deployments.trigger_stopped(PROJECT, WORKFLOW, "v-1", "ConnectionError: refused")
    view = await world.deployments.get(PROJECT, WORKFLOW)
    assert view.state is D.ERROR
    assert view.message == (
        "the trigger stopped with an error: ConnectionError: refused; fix it and deploy again"
    )
    assert (view.trigger_state, view.trigger_message) == ("failed", "ConnectionError: refused")
    assert world.deployer.released == [TRIGGER_KEY]


async def test_quotes_last_log_lines_when_source_raises(world: World) -> None:
    await world.deployments.deploy(PROJECT, workflow(trigger=source()))
    await world.deployments.trigger_stopped(PROJECT, WORKFLOW, "v-1", "boom", "connecting\nretry")
    view = await world.deployments.get(PROJECT, WORKFLOW)
    assert view.message.endswith("\nlast lines of the trigger's log:\nconnecting\nretry")


async def test_stays_deployed_with_trigger_finished_when_source_returns(world: World) -> None:
    await world.deployments.deploy(PROJECT, workflow(trigger=source()))
    assert (await world.deployments.get(PROJECT, WORKFLOW)).trigger_state == "running"
    events = len(world.events)
    await world.deployments.trigger_stopped(PROJECT, WORKFLOW, "v-1", None)
    view = await world.deployments.get(PROJECT, WORKFLOW)
    assert (view.state, view.trigger_state) == (D.DEPLOYED, "finished")
    assert len(world.events) == events  # nothing for the studio: still Deployed
    assert world.deployer.released == [TRIGGER_KEY]  # the source's wrapper is given back
    run_id = await world.runs.start_run(PROJECT, WORKFLOW, TriggerSource.MANUAL, {"message": "x"})
    assert run_id


async def test_fires_finished_source_no_more_when_runner_resumes(world: World) -> None:
    await world.deployments.deploy(PROJECT, workflow(trigger=source()))
    await world.deployments.trigger_stopped(PROJECT, WORKFLOW, "v-1", None)
    del world.triggers, world.deployments  # a restart
    await world.deployments.resume()
    assert [v for _, v, _ in world.supervisor.started] == ["v-1"]
    view = await world.deployments.get(PROJECT, WORKFLOW)
    assert (view.state, view.trigger_state) == (D.DEPLOYED, "finished")


async def test_fails_with_log_tail_when_source_stops_while_starting(world: World) -> None:
    world.supervisor.failures[WORKFLOW] = TriggerStartFailed("ValueError: no", "bad config")
    view = await world.deployments.deploy(PROJECT, workflow(trigger=source()))
    assert (view.state, view.trigger_state) == (D.ERROR, "failed")
    assert view.message == (
        "the trigger could not start: ValueError: no\nlast lines of the trigger's log:\nbad config"
    )
    assert [s for _, s in states(world)] == [D.DEPLOYING, D.ERROR]


async def test_ignores_trigger_stop_when_version_was_replaced(world: World) -> None:
    await world.deployments.deploy(PROJECT, workflow(trigger=source()))
    await world.deployments.deploy(PROJECT, workflow(trigger=source(), version_id="v-2"))
    await world.deployments.trigger_stopped(PROJECT, WORKFLOW, "v-1", "stopped")
    assert (await world.deployments.get(PROJECT, WORKFLOW)).state is D.DEPLOYED


async def test_restarts_triggers_when_runner_resumes(world: World) -> None:
    await world.deployments.deploy(PROJECT, workflow(trigger=source()))
    await world.deployments.deploy(PROJECT, workflow(workflow_id="wf-2"))
    await world.deployments.undeploy(PROJECT, "wf-2")
    del world.triggers, world.deployments  # a restart: no wrapper is held any more
    events = len(world.events)
    await world.deployments.resume()
    assert [v for _, v, _ in world.supervisor.started] == ["v-1", "v-1", "v-1"]
    assert world.deployer.ensured == [TRIGGER_KEY, TRIGGER_KEY]
    assert len(world.events) == events


async def test_hides_deployment_when_project_differs(world: World) -> None:
    await world.deployments.deploy(PROJECT, workflow(step("a")))
    with pytest.raises(NotFound):
        await world.deployments.get(OTHER_PROJECT, WORKFLOW)
    assert await world.deployments.deployments(OTHER_PROJECT) == []
    assert [d.workflow_id for d in await world.deployments.deployments(PROJECT)] == [WORKFLOW]


async def test_finds_deployment_when_webhook_key_is_known(world: World) -> None:
    view = await world.deployments.deploy(PROJECT, workflow(step("a")))
    assert (await world.deployments.by_webhook_key(view.webhook_key)).workflow_id == WORKFLOW
    with pytest.raises(NotFound):
        await world.deployments.by_webhook_key("guess")


async def test_pages_trigger_log_of_deployed_version_only_within_project(world: World) -> None:
    await world.deployments.deploy(PROJECT, workflow(trigger=source()))
    now = world.clock.now()
    lines = [LogLine("stdout", f"line {n}", now) for n in range(3)]
    await world.logs.append(PROJECT, trigger_log_id("v-1"), 1, lines)
    first = await world.deployments.logs(PROJECT, WORKFLOW, limit=2)
    assert ([line.line for line in first.items], first.next_cursor) == (["line 0", "line 1"], "2")
    rest = await world.deployments.logs(PROJECT, WORKFLOW, after=2)
    assert ([line.line for line in rest.items], rest.next_cursor) == (["line 2"], None)
    await world.deployments.deploy(PROJECT, workflow(trigger=source(), version_id="v-2"))
    assert (await world.deployments.logs(PROJECT, WORKFLOW)).items == []  # a new version's log
    with pytest.raises(NotFound):
        await world.deployments.logs(OTHER_PROJECT, WORKFLOW)
