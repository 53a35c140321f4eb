"""In-memory adapters of the application's ports, for fast use-case tests."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import IO, Any

from flowloom.studio.domain import ports, repositories
from flowloom.studio.domain.actions import ActionKind, PublishedAction
from flowloom.studio.domain.catalogue import ActionCatalogue
from flowloom.studio.domain.deployment import Deployment
from flowloom.studio.domain.events import DomainEvent
from flowloom.studio.domain.freeze import FrozenVersion
from flowloom.studio.domain.records import (
    Page,
    SecretRecord,
    StaticFile,
    VariableRecord,
    VersionRecord,
    WorkflowRecord,
)
from flowloom.studio.domain.variables import ProjectVariable
from flowloom.studio.domain.workflow import Workflow


class Store:
    """Everything the fake unit of work holds (shared by every unit of work of a test)."""

    def __init__(self) -> None:
        self.actions: list[PublishedAction] = []
        self.workflows: dict[str, WorkflowRecord] = {}
        self.files: list[StaticFile] = []
        self.versions: list[FrozenVersion] = []
        self.deployments: dict[str, Deployment] = {}
        self.variables: dict[tuple[str, str], ProjectVariable] = {}
        self.secrets: dict[tuple[str, str], str] = {}
        self.events: list[DomainEvent] = []


class FakeUnitOfWork(ports.UnitOfWork):
    """Writes straight into the store; events are published on commit only."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._pending: list[DomainEvent] = []
        s = store
        self.actions = FakeActions(s)
        self.workflows = FakeWorkflows(s)
        self.files = FakeFiles(s)
        self.versions = FakeVersions(s)
        self.deployments = FakeDeployments(s)
        self.variables = FakeVariables(s)
        self.secrets = FakeSecrets(s)

    def emit(self, event: DomainEvent) -> None:
        self._pending.append(event)

    async def commit(self) -> None:
        self.store.events += self._pending
        self._pending = []

    async def rollback(self) -> None:
        self._pending = []


class _Base:
    def __init__(self, store: Store) -> None:
        self.s = store


class FakeActions(_Base, repositories.ActionRepository):
    async def put(self, action: PublishedAction) -> None:
        await self.remove(action.project, action.technical_name, action.version)
        self.s.actions.append(action)

    async def remove(self, project: str, technical_name: str, version: str) -> None:
        self.s.actions = [
            a for a in self.s.actions
            if (a.project, a.technical_name, a.version) != (project, technical_name, version)
        ]  # fmt: skip

    async def search(
        self, project: str, text: str | None = None, kind: ActionKind | None = None
    ) -> list[PublishedAction]:
        return [
            a for a in self.s.actions
            if a.project == project and (kind is None or a.kind is kind)
            and (not text or text in a.technical_name)
        ]  # fmt: skip

    async def versions(self, project: str, technical_name: str) -> list[PublishedAction]:
        catalogue = await self.catalogue(project, [technical_name])
        return list(catalogue.versions(technical_name))

    async def catalogue(self, project: str, names: Collection[str]) -> ActionCatalogue:
        return ActionCatalogue(
            a for a in self.s.actions if a.project == project and a.technical_name in names
        )

    async def delete_project(self, project: str) -> None:
        self.s.actions = [a for a in self.s.actions if a.project != project]


class FakeWorkflows(_Base, repositories.WorkflowRepository):
    async def add(self, record: WorkflowRecord) -> None:
        self.s.workflows[record.workflow.id] = record

    async def get(self, project: str, workflow_id: str) -> WorkflowRecord | None:
        record = self.s.workflows.get(workflow_id)
        return record if record and record.workflow.project == project else None

    async def save(self, workflow: Workflow, now: datetime) -> WorkflowRecord:
        record = replace(self.s.workflows[workflow.id], workflow=workflow, updated_at=now)
        self.s.workflows[workflow.id] = record
        return record

    async def named(self, project: str, name: str) -> str | None:
        for record in self.s.workflows.values():
            if (record.workflow.project, record.workflow.name) == (project, name):
                return record.workflow.id
        return None

    async def delete(self, project: str, workflow_id: str) -> None:
        self.s.workflows.pop(workflow_id, None)

    async def page(self, project: str, limit: int, cursor: str | None) -> Page[WorkflowRecord]:
        found = [r for r in self.s.workflows.values() if r.workflow.project == project]
        return Page(sorted(found, key=lambda r: (r.workflow.name, r.workflow.id))[:limit])

    async def delete_project(self, project: str) -> None:
        for record in [r for r in self.s.workflows.values() if r.workflow.project == project]:
            del self.s.workflows[record.workflow.id]


class FakeFiles(_Base, repositories.FileRepository):
    async def add(self, file: StaticFile) -> None:
        self.s.files.append(file)

    async def of_workflow(self, project: str, workflow_id: str) -> list[StaticFile]:
        return [f for f in self.s.files if (f.project, f.workflow_id) == (project, workflow_id)]

    async def delete_project(self, project: str) -> None:
        self.s.files = [f for f in self.s.files if f.project != project]


class FakeVersions(_Base, repositories.VersionRepository):
    async def add(self, version: FrozenVersion, created_at: datetime) -> None:
        self.s.versions.append(version)

    async def last_number(self, workflow_id: str) -> int:
        return max((v.number for v in self.s.versions if v.workflow_id == workflow_id), default=0)

    async def get(self, project: str, workflow_id: str, number: int) -> VersionRecord | None:
        for v in self.s.versions:
            if (v.project, v.workflow_id, v.number) == (project, workflow_id, number):
                return VersionRecord(v.version_id, v.workflow_id, v.project, v.number, NOW)
        return None

    async def same_content(self, version: FrozenVersion, number: int) -> str | None:
        for v in self.s.versions:
            if (v.workflow_id, v.number) == (version.workflow_id, number):
                # what runs: the description is not part of a deployed version
                same = replace(
                    version, version_id=v.version_id, number=number, description=v.description
                )
                return v.version_id if same == v else None
        return None

    async def page(
        self, project: str, workflow_id: str, limit: int, cursor: str | None
    ) -> Page[VersionRecord]:
        raise NotImplementedError

    async def delete_workflow(self, workflow_id: str) -> None:
        self.s.versions = [v for v in self.s.versions if v.workflow_id != workflow_id]

    async def delete_project(self, project: str) -> None:
        self.s.versions = [v for v in self.s.versions if v.project != project]


class FakeDeployments(_Base, repositories.DeploymentRepository):
    async def get(self, workflow_id: str) -> Deployment | None:
        return self.s.deployments.get(workflow_id)

    async def of_workflows(self, workflow_ids: Collection[str]) -> dict[str, Deployment]:
        return {i: d for i, d in self.s.deployments.items() if i in workflow_ids}

    async def save(self, deployment: Deployment) -> None:
        self.s.deployments[deployment.workflow_id] = deployment

    async def delete(self, workflow_id: str) -> None:
        self.s.deployments.pop(workflow_id, None)

    async def delete_project(self, project: str) -> None:
        self.s.deployments = {i: d for i, d in self.s.deployments.items() if d.project != project}


class _ByName(_Base):
    """A project's values by name (its variables, its secrets): ``table`` in the store."""

    @property
    def table(self) -> dict[tuple[str, str], Any]:
        raise NotImplementedError

    async def page(self, project: str, limit: int, cursor: str | None) -> Page[Any]:
        raise NotImplementedError

    async def delete(self, project: str, name: str) -> bool:
        return self.table.pop((project, name), None) is not None

    async def delete_project(self, project: str) -> None:
        for key in [key for key in self.table if key[0] == project]:
            del self.table[key]


class FakeVariables(_ByName, repositories.VariableRepository):
    @property
    def table(self) -> dict[tuple[str, str], ProjectVariable]:
        return self.s.variables

    async def put(self, project: str, variable: ProjectVariable, now: datetime) -> VariableRecord:
        self.table[(project, variable.name)] = variable
        return VariableRecord(variable, now, now)

    async def all(self, project: str) -> dict[str, ProjectVariable]:
        return {name: v for (p, name), v in self.table.items() if p == project}


class FakeSecrets(_ByName, repositories.SecretRepository):
    @property
    def table(self) -> dict[tuple[str, str], str]:
        return self.s.secrets

    async def put(self, project: str, name: str, value: str, now: datetime) -> SecretRecord:
        self.table[(project, name)] = value
        return SecretRecord(name, now, now)

    async def names(self, project: str) -> set[str]:
        return {name for (p, name) in self.table if p == project}


class FakeFileStore(ports.FileStore):
    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}

    async def put(self, key: str, content: IO[bytes], media_type: str) -> int:
        content.seek(0)
        self.objects[key] = content.read()
        return len(self.objects[key])

    async def copy(self, source: str, target: str) -> None:
        self.objects[target] = self.objects[source]

    async def get(self, key: str) -> bytes:
        return self.objects[key]

    async def delete(self, keys: Collection[str]) -> None:
        for key in keys:
            self.objects.pop(key, None)

    async def delete_prefix(self, prefix: str) -> None:
        await self.delete([k for k in self.objects if k.startswith(prefix)])


NOW = datetime(2026, 1, 1, tzinfo=UTC)


class FakeClock(ports.Clock):
    def __init__(self) -> None:
        self.current = NOW

    def now(self) -> datetime:
        self.current += timedelta(seconds=1)
        return self.current


class FakeIds(ports.Ids):
    def __init__(self) -> None:
        self.count = 0

    def new_id(self) -> str:
        self.count += 1
        return f"id{self.count}"
