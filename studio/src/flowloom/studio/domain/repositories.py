"""Repository ports of the studio: one per aggregate, each scoped to a project; adapters live
in infrastructure/database."""

from __future__ import annotations

import abc
from collections.abc import Collection
from datetime import datetime

from flowloom.studio.domain.actions import ActionKind, PublishedAction
from flowloom.studio.domain.catalogue import ActionCatalogue
from flowloom.studio.domain.deployment import Deployment
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


class ProjectData(abc.ABC):
    @abc.abstractmethod
    async def delete_project(self, project: str) -> None:
        """Forget every row of ``project``."""


class ActionRepository(ProjectData):
    """The action store: published versions by (project, technical name, version)."""

    @abc.abstractmethod
    async def put(self, action: PublishedAction) -> None:
        """Add, or replace the same project + technical name + version."""

    @abc.abstractmethod
    async def remove(self, project: str, technical_name: str, version: str) -> None: ...

    @abc.abstractmethod
    async def search(
        self, project: str, text: str | None = None, kind: ActionKind | None = None
    ) -> list[PublishedAction]:
        """Every version matching ``text`` (technical or human name, description) and ``kind``."""

    @abc.abstractmethod
    async def versions(self, project: str, technical_name: str) -> list[PublishedAction]:
        """Oldest first (``version_key`` order)."""

    @abc.abstractmethod
    async def catalogue(self, project: str, names: Collection[str]) -> ActionCatalogue:
        """A catalogue holding every version of the named actions."""


class WorkflowRepository(ProjectData):
    @abc.abstractmethod
    async def add(self, record: WorkflowRecord) -> None: ...

    @abc.abstractmethod
    async def get(self, project: str, workflow_id: str) -> WorkflowRecord | None:
        """None also for a workflow of another project."""

    @abc.abstractmethod
    async def save(self, workflow: Workflow, now: datetime) -> WorkflowRecord: ...

    @abc.abstractmethod
    async def named(self, project: str, name: str) -> str | None:
        """The id of the project's workflow called ``name`` (names are unique in a project)."""

    @abc.abstractmethod
    async def delete(self, project: str, workflow_id: str) -> None: ...

    @abc.abstractmethod
    async def page(self, project: str, limit: int, cursor: str | None) -> Page[WorkflowRecord]:
        """By name, then id."""


class FileRepository(ProjectData):
    @abc.abstractmethod
    async def add(self, file: StaticFile) -> None: ...

    @abc.abstractmethod
    async def of_workflow(self, project: str, workflow_id: str) -> list[StaticFile]: ...


class VersionRepository(ProjectData):
    @abc.abstractmethod
    async def add(self, version: FrozenVersion, created_at: datetime) -> None: ...

    @abc.abstractmethod
    async def last_number(self, workflow_id: str) -> int:
        """0 when the workflow has no version yet."""

    @abc.abstractmethod
    async def get(self, project: str, workflow_id: str, number: int) -> VersionRecord | None: ...

    @abc.abstractmethod
    async def same_content(self, version: FrozenVersion, number: int) -> str | None:
        """The id of the workflow's version ``number`` when it holds exactly ``version``'s
        content (ids and numbers aside), else None."""

    @abc.abstractmethod
    async def page(
        self, project: str, workflow_id: str, limit: int, cursor: str | None
    ) -> Page[VersionRecord]:
        """Newest first; the documents are left out."""

    @abc.abstractmethod
    async def delete_workflow(self, workflow_id: str) -> None: ...


class DeploymentRepository(ProjectData):
    @abc.abstractmethod
    async def get(self, workflow_id: str) -> Deployment | None: ...

    @abc.abstractmethod
    async def of_workflows(self, workflow_ids: Collection[str]) -> dict[str, Deployment]: ...

    @abc.abstractmethod
    async def save(self, deployment: Deployment) -> None:
        """Insert or update."""

    @abc.abstractmethod
    async def delete(self, workflow_id: str) -> None: ...


class VariableRepository(ProjectData):
    @abc.abstractmethod
    async def put(
        self, project: str, variable: ProjectVariable, now: datetime
    ) -> VariableRecord: ...

    @abc.abstractmethod
    async def all(self, project: str) -> dict[str, ProjectVariable]: ...

    @abc.abstractmethod
    async def page(self, project: str, limit: int, cursor: str | None) -> Page[VariableRecord]: ...

    @abc.abstractmethod
    async def delete(self, project: str, name: str) -> bool:
        """Whether there was such a variable."""


class SecretRepository(ProjectData):
    """Values are sealed at rest by the adapter and never read back through this port."""

    @abc.abstractmethod
    async def put(self, project: str, name: str, value: str, now: datetime) -> SecretRecord: ...

    @abc.abstractmethod
    async def names(self, project: str) -> set[str]: ...

    @abc.abstractmethod
    async def page(self, project: str, limit: int, cursor: str | None) -> Page[SecretRecord]: ...

    @abc.abstractmethod
    async def delete(self, project: str, name: str) -> bool: ...
