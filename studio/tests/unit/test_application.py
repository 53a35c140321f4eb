"""Use cases of the studio on in-memory ports: deploying, following states, cleaning up."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest

from flowloom.studio.application.actions import ActionStoreService
from flowloom.studio.application.deployments import DeploymentService
from flowloom.studio.application.editing import EditingService
from flowloom.studio.application.projects import ProjectCleanupService
from flowloom.studio.application.transfer import TransferService
from flowloom.studio.application.variables import VariableService
from flowloom.studio.application.workflows import WorkflowService
from flowloom.studio.domain.bindings import ref
from flowloom.studio.domain.deployment import DeploymentState
from flowloom.studio.domain.errors import Conflict, NotFound, ValidationFailed, WorkflowInvalid
from flowloom.studio.domain.events import (
    SecretDeleted,
    SecretSet,
    WorkflowDeploymentRequested,
    WorkflowUndeploymentRequested,
)
from flowloom.studio.domain.io import IoType
from flowloom.studio.domain.triggers import ActionTrigger
from flowloom.studio.domain.workflow import Step

from .builders import CATALOGUE, PROJECT, READERS, lit
from .fakes import FakeClock, FakeFileStore, FakeIds, FakeUnitOfWork, Store


@dataclass
class World:
    store: Store
    objects: FakeFileStore
    workflows: WorkflowService
    editing: EditingService
    transfer: TransferService
    deployments: DeploymentService
    variables: VariableService
    actions: ActionStoreService
    cleanup: ProjectCleanupService


@pytest.fixture
async def world() -> World:
    store, objects, clock, ids = Store(), FakeFileStore(), FakeClock(), FakeIds()

    def uow() -> FakeUnitOfWork:
        return FakeUnitOfWork(store)

    workflows = WorkflowService(uow, objects, READERS, clock, ids)
    found = World(
        store, objects, workflows, EditingService(uow, workflows, clock),
        TransferService(uow, workflows, objects, clock, ids),
        DeploymentService(uow, READERS, clock, ids), VariableService(uow, clock, ids),
        ActionStoreService(uow), ProjectCleanupService(uow, objects),
    )  # fmt: skip
    for name in CATALOGUE.names():
        for action in CATALOGUE.versions(name):
            await found.actions.publish(action)
    return found


async def valid_workflow(world: World) -> str:
    view = await world.workflows.create(PROJECT, "tick")
    workflow_id = view.record.workflow.id
    trigger = ActionTrigger("emitevery", inputs={"seconds": lit(30)})
    await world.editing.set_trigger(PROJECT, workflow_id, trigger)
    step = Step("writer", "str-to-txt", inputs={"instring": ref("trigger.time")})
    view = await world.editing.add_step(PROJECT, workflow_id, step)
    assert view.problems == []
    return workflow_id


async def edited(world: World, workflow_id: str, text: str = "changed") -> None:
    """A change of what runs (the step's input), so the next deploy makes a new version."""
    step = Step("writer", "str-to-txt", inputs={"instring": lit(text)})
    await world.editing.replace_step(PROJECT, workflow_id, step)


async def test_freezes_numbered_versions_and_emits_orders_when_deploying(world: World) -> None:
    workflow_id = await valid_workflow(world)

    first = await world.deployments.deploy(PROJECT, workflow_id)
    await edited(world, workflow_id)
    second = await world.deployments.deploy(PROJECT, workflow_id)

    assert (first.version_number, second.version_number) == (1, 2)
    assert second.state is DeploymentState.DEPLOYING
    events = world.store.events
    assert [type(e) for e in events] == [WorkflowDeploymentRequested] * 2
    assert isinstance(events[1], WorkflowDeploymentRequested)
    assert events[1].version.version_id == f"{workflow_id}-v2"
    assert events[1].version.trigger.action.version == "1.3"  # type: ignore[union-attr]


async def test_keeps_one_version_when_an_unchanged_workflow_is_deployed_again(
    world: World,
) -> None:
    workflow_id = await valid_workflow(world)
    first = await world.deployments.deploy(PROJECT, workflow_id)

    again = await world.deployments.deploy(PROJECT, workflow_id)  # still Deploying
    await world.deployments.deployment_changed(
        PROJECT, workflow_id, first.version_id, DeploymentState.DEPLOYED, ""
    )
    deployed = await world.deployments.deploy(PROJECT, workflow_id)

    assert [v.number for v in world.store.versions] == [1]
    assert (again, deployed.state) == (first, DeploymentState.DEPLOYED)
    assert len(world.store.events) == 1  # no second order: the runner has it


async def test_deploys_the_same_version_again_after_an_undeploy_or_an_error(world: World) -> None:
    workflow_id = await valid_workflow(world)
    first = await world.deployments.deploy(PROJECT, workflow_id)
    changed = world.deployments.deployment_changed
    await changed(PROJECT, workflow_id, first.version_id, DeploymentState.ERROR, "no trigger")

    retried = await world.deployments.deploy(PROJECT, workflow_id)
    await world.deployments.undeploy(PROJECT, workflow_id)
    await changed(PROJECT, workflow_id, first.version_id, DeploymentState.UNDEPLOYED, "")
    redeployed = await world.deployments.deploy(PROJECT, workflow_id)

    assert [v.number for v in world.store.versions] == [1]
    for deployment in (retried, redeployed):
        assert (deployment.version_id, deployment.version_number) == (first.version_id, 1)
        assert deployment.state is DeploymentState.DEPLOYING
    orders = [e for e in world.store.events if isinstance(e, WorkflowDeploymentRequested)]
    assert [o.version.version_id for o in orders] == [first.version_id] * 3


async def test_a_change_of_what_runs_makes_a_new_version_a_description_none(
    world: World,
) -> None:
    workflow_id = await valid_workflow(world)
    await world.deployments.deploy(PROJECT, workflow_id)
    await world.workflows.update(PROJECT, workflow_id, None, "a description is not deployed")
    await world.deployments.deploy(PROJECT, workflow_id)
    await edited(world, workflow_id, "a")
    await world.deployments.deploy(PROJECT, workflow_id)
    await edited(world, workflow_id, "a")  # the same again
    await world.deployments.deploy(PROJECT, workflow_id)
    await edited(world, workflow_id, "b")
    third = await world.deployments.deploy(PROJECT, workflow_id)

    assert [v.number for v in world.store.versions] == [1, 2, 3]
    assert third.version_number == 3


async def test_stores_nothing_when_deploying_invalid_workflow(world: World) -> None:
    view = await world.workflows.create(PROJECT, "draft")

    with pytest.raises(WorkflowInvalid) as invalid:
        await world.deployments.deploy(PROJECT, view.record.workflow.id)

    assert [p.code.value for p in invalid.value.problems] == ["no_trigger"]
    assert world.store.versions == []
    assert world.store.events == []


async def test_ignores_states_of_replaced_versions(world: World) -> None:
    workflow_id = await valid_workflow(world)
    await world.deployments.deploy(PROJECT, workflow_id)
    await edited(world, workflow_id)
    await world.deployments.deploy(PROJECT, workflow_id)

    changed = world.deployments.deployment_changed
    await changed(PROJECT, workflow_id, f"{workflow_id}-v1", DeploymentState.ERROR, "old")
    await changed("other", workflow_id, f"{workflow_id}-v2", DeploymentState.ERROR, "foreign")
    current = await world.deployments.deployment(PROJECT, workflow_id)
    assert current is not None
    assert current.state is DeploymentState.DEPLOYING
    await changed(PROJECT, workflow_id, f"{workflow_id}-v2", DeploymentState.DEPLOYED, "")
    current = await world.deployments.deployment(PROJECT, workflow_id)
    assert current is not None
    assert current.state is DeploymentState.DEPLOYED


async def test_refuses_delete_and_double_undeploy_by_state(world: World) -> None:
    workflow_id = await valid_workflow(world)
    with pytest.raises(Conflict):
        await world.deployments.undeploy(PROJECT, workflow_id)
    await world.deployments.deploy(PROJECT, workflow_id)
    with pytest.raises(Conflict):
        await world.workflows.delete(PROJECT, workflow_id)

    await world.deployments.undeploy(PROJECT, workflow_id)
    with pytest.raises(Conflict):
        await world.deployments.undeploy(PROJECT, workflow_id)
    assert isinstance(world.store.events[-1], WorkflowUndeploymentRequested)
    await world.deployments.deployment_changed(
        PROJECT, workflow_id, f"{workflow_id}-v1", DeploymentState.UNDEPLOYED, ""
    )
    await world.workflows.delete(PROJECT, workflow_id)
    assert world.store.workflows == {}
    assert world.store.versions == []


async def test_hides_workflows_of_other_projects(world: World) -> None:
    workflow_id = await valid_workflow(world)
    with pytest.raises(NotFound):
        await world.workflows.get("other", workflow_id)
    with pytest.raises(NotFound):
        await world.deployments.deploy("other", workflow_id)


@pytest.mark.parametrize(
    ("type_", "value"),
    [
        (IoType.INTEGER, "3"), (IoType.INTEGER, True), (IoType.BOOLEAN, 0),
        (IoType.STRING, None), (IoType.FILE, "key"), (IoType.BYTES, "x"),
    ],
)  # fmt: skip
async def test_refuses_variable_when_value_is_not_of_its_type(
    world: World, type_: IoType, value: object
) -> None:
    with pytest.raises(ValidationFailed):
        await world.variables.put_variable(PROJECT, "v", type_, value)  # type: ignore[arg-type]


async def test_stores_float_variable_as_float_when_given_integer(world: World) -> None:
    record = await world.variables.put_variable(PROJECT, "ratio", IoType.FLOAT, 2)
    assert isinstance(record.variable.value, float)


async def test_emits_secret_changes_when_putting_and_deleting_secrets(world: World) -> None:
    first = await world.variables.put_secret(PROJECT, "smtp", "v1")
    await world.variables.put_secret(PROJECT, "smtp", "v2")
    await world.variables.delete_secret(PROJECT, "smtp")

    set1, set2, deleted = world.store.events
    assert isinstance(set1, SecretSet)
    assert isinstance(set2, SecretSet)
    assert isinstance(deleted, SecretDeleted)
    assert (set1.project, set1.name, set1.value) == (PROJECT, "smtp", "v1")
    assert set1.occurred_at == first.updated_at
    assert set1.occurred_at < set2.occurred_at < deleted.occurred_at
    assert set2.value == "v2"
    assert (deleted.project, deleted.name) == (PROJECT, "smtp")
    assert len({set1.event_id, set2.event_id, deleted.event_id}) == 3


async def test_emits_nothing_when_secret_change_is_refused(world: World) -> None:
    with pytest.raises(ValidationFailed):
        await world.variables.put_secret(PROJECT, "bad name", "v")
    with pytest.raises(NotFound):
        await world.variables.delete_secret(PROJECT, "missing")
    assert world.store.events == []


async def test_removes_project_data_and_files_when_project_is_deleted(world: World) -> None:
    workflow_id = await valid_workflow(world)
    await world.transfer.upload(PROJECT, workflow_id, "a.txt", io.BytesIO(b"a"), "text/plain")
    await world.variables.put_secret(PROJECT, "s", "v")
    await world.deployments.deploy(PROJECT, workflow_id)

    await world.cleanup.project_deleted(PROJECT)

    store = world.store
    assert not (store.actions)
    assert not (store.workflows)
    assert not (store.files)
    assert not (store.versions)
    assert not (store.deployments)
    assert not (store.secrets)
    assert not (world.objects.objects)


async def test_copies_static_files_when_copying_workflow(world: World) -> None:
    workflow_id = await valid_workflow(world)
    static = await world.transfer.upload(PROJECT, workflow_id, "dir/a.txt", io.BytesIO(b"a"), "")
    await world.editing.add_step(
        PROJECT, workflow_id, Step("cat", "catfile", inputs={"file": ref("writer.outfile")})
    )
    from flowloom.studio.domain.bindings import FileBinding

    await world.editing.bind(PROJECT, workflow_id, "cat", "file", FileBinding(static.key))

    copy = await world.workflows.copy(PROJECT, workflow_id)

    copied = copy.record.workflow.file_paths()
    assert len(copied) == 1
    assert copied[0] != static.key
    assert copied[0].endswith("/a.txt")
    assert world.objects.objects[copied[0]] == b"a"


async def test_accepts_undeployed_of_older_version_when_undeploy_was_asked(world: World) -> None:
    workflow_id = await valid_workflow(world)
    await world.deployments.deploy(PROJECT, workflow_id)
    await edited(world, workflow_id)
    await world.deployments.deploy(PROJECT, workflow_id)  # the runner rejects v2, keeps v1
    await world.deployments.undeploy(PROJECT, workflow_id)

    await world.deployments.deployment_changed(
        PROJECT, workflow_id, f"{workflow_id}-v1", DeploymentState.UNDEPLOYED, ""
    )

    current = await world.deployments.deployment(PROJECT, workflow_id)
    assert current is not None
    assert (current.state, current.version_number) == (DeploymentState.UNDEPLOYED, 2)


async def test_refuses_a_second_workflow_of_a_name_when_creating_or_renaming(
    world: World,
) -> None:
    first = await world.workflows.create(PROJECT, "tick")
    other = await world.workflows.create(PROJECT, "tock")
    await world.workflows.create("another-project", "tick")  # names are unique per project

    with pytest.raises(Conflict, match="a workflow named 'tick' already exists"):
        await world.workflows.create(PROJECT, " tick ")
    with pytest.raises(Conflict, match="'tick'"):
        await world.workflows.update(PROJECT, other.record.workflow.id, "tick", None)
    renamed = await world.workflows.update(PROJECT, first.record.workflow.id, "tick", "same")
    assert renamed.record.workflow.description == "same"  # its own name is not "taken"


async def test_names_copies_after_the_first_free_copy_name(world: World) -> None:
    workflow_id = await valid_workflow(world)

    names = [(await world.workflows.copy(PROJECT, workflow_id)).record.workflow.name]
    names.append((await world.workflows.copy(PROJECT, workflow_id)).record.workflow.name)

    assert names == ["tick (copy)", "tick (copy 2)"]


async def test_refuses_an_import_of_a_taken_name_saying_what_to_do(world: World) -> None:
    workflow_id = await valid_workflow(world)
    workflow = (await world.workflows.get(PROJECT, workflow_id)).record.workflow

    with pytest.raises(Conflict, match=r"--replace.*--name"):
        await world.transfer.import_workflow(PROJECT, workflow, {})
    replaced, created = await world.transfer.import_workflow(
        PROJECT, workflow.describe("a new draft"), {}, workflow_id=workflow_id
    )
    renamed, _ = await world.transfer.import_workflow(PROJECT, workflow, {}, name="tick-2")
    by_name, again = await world.transfer.import_workflow(PROJECT, workflow, {}, replace=True)
    fresh, new = await world.transfer.import_workflow(PROJECT, workflow, {}, name="t", replace=True)

    assert (by_name.record.workflow.id, again) == (workflow_id, False)
    assert new
    assert fresh.record.workflow.id not in (workflow_id, renamed.record.workflow.id)
    assert (replaced.record.workflow.id, created) == (workflow_id, False)
    assert replaced.record.workflow.description == "a new draft"
    assert renamed.record.workflow.name == "tick-2"


async def test_says_when_the_deployed_version_is_behind_the_workflow(world: World) -> None:
    workflow_id = await valid_workflow(world)
    assert await world.deployments.changed_since_deploy(PROJECT, workflow_id) is None

    await world.deployments.deploy(PROJECT, workflow_id)
    assert await world.deployments.changed_since_deploy(PROJECT, workflow_id) is False
    await edited(world, workflow_id, "a")
    assert await world.deployments.changed_since_deploy(PROJECT, workflow_id) is True
    await world.deployments.deploy(PROJECT, workflow_id)
    assert await world.deployments.changed_since_deploy(PROJECT, workflow_id) is False
    await world.editing.remove_step(PROJECT, workflow_id, "writer")
    await world.editing.set_trigger(PROJECT, workflow_id, None)  # no longer valid
    assert await world.deployments.changed_since_deploy(PROJECT, workflow_id) is True
