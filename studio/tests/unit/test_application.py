"""Use cases of the studio on in-memory ports: deploying, following states, cleaning up."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from flowloom.studio.application.actions import ActionStoreService
from flowloom.studio.application.deployments import DeploymentService
from flowloom.studio.application.editing import EditingService
from flowloom.studio.application.projects import ProjectCleanup
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

from .builders import CATALOGUE, CONDITIONS, PROJECT, lit
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
    cleanup: ProjectCleanup


@pytest.fixture
async def world() -> World:
    store, objects, clock, ids = Store(), FakeFileStore(), FakeClock(), FakeIds()

    def uow() -> FakeUnitOfWork:
        return FakeUnitOfWork(store)

    workflows = WorkflowService(uow, objects, CONDITIONS, clock, ids)
    found = World(
        store, objects, workflows, EditingService(uow, workflows, clock),
        TransferService(uow, workflows, objects, clock, ids),
        DeploymentService(uow, CONDITIONS, clock, ids), VariableService(uow, clock, ids),
        ActionStoreService(uow), ProjectCleanup(uow, objects),
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


async def test_freezes_numbered_versions_and_emits_orders_when_deploying(world: World) -> None:
    workflow_id = await valid_workflow(world)

    first = await world.deployments.deploy(PROJECT, workflow_id)
    second = await world.deployments.deploy(PROJECT, workflow_id)

    assert (first.version_number, second.version_number) == (1, 2)
    assert second.state is DeploymentState.DEPLOYING
    events = world.store.events
    assert [type(e) for e in events] == [WorkflowDeploymentRequested] * 2
    assert isinstance(events[1], WorkflowDeploymentRequested)
    assert events[1].version.version_id == f"{workflow_id}-v2"
    assert events[1].version.trigger.action.version == "1.3"  # type: ignore[union-attr]


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
    await world.transfer.upload(PROJECT, workflow_id, "a.txt", b"a", "text/plain")
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
    static = await world.transfer.upload(PROJECT, workflow_id, "dir/a.txt", b"a", "")
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
    await world.deployments.deploy(PROJECT, workflow_id)  # the runner rejects v2, keeps v1
    await world.deployments.undeploy(PROJECT, workflow_id)

    await world.deployments.deployment_changed(
        PROJECT, workflow_id, f"{workflow_id}-v1", DeploymentState.UNDEPLOYED, ""
    )

    current = await world.deployments.deployment(PROJECT, workflow_id)
    assert current is not None
    assert (current.state, current.version_number) == (DeploymentState.UNDEPLOYED, 2)
