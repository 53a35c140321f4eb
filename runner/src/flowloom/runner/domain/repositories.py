"""Repository ports: how the application loads and stores deployments, versions, runs and
execution logs."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime

from flowloom.runner.domain.deployment import Deployment
from flowloom.runner.domain.invocation import StoredLogLine
from flowloom.runner.domain.ports import LogSink
from flowloom.runner.domain.run import Run, RunState
from flowloom.runner.domain.workflow import WorkflowVersion

# Repository conventions: objects returned by a repository are tracked by the unit of work and
# their changes (a run's executions included) are saved on commit; `add` is for new objects only.


class DeploymentRepository(ABC):
    """One deployment per workflow, unique by workflow id and by webhook key."""

    @abstractmethod
    async def get(self, workflow_id: str) -> Deployment | None: ...
    @abstractmethod
    async def get_by_webhook_key(self, webhook_key: str) -> Deployment | None: ...
    @abstractmethod
    async def list_for_project(self, project_id: str) -> list[Deployment]:
        """Every deployment of the project, ordered by workflow id."""

    @abstractmethod
    async def list_active(self) -> list[Deployment]:
        """Deployments Deploying, Deployed or Undeploying, of every project (restart)."""

    @abstractmethod
    async def add(self, deployment: Deployment) -> None: ...
    @abstractmethod
    async def delete_for_project(self, project_id: str) -> None: ...


class ProjectSecretRepository(ABC):
    """The runner's copy of the studio's project secrets (values sealed at rest).

    Changes carry the time the studio made them; an older change than the one stored is
    ignored, so messages arriving out of order never bring back an old value. A deletion is
    kept as a tombstone for the same reason.
    """

    @abstractmethod
    async def put(self, project_id: str, name: str, value: str, changed_at: datetime) -> None: ...
    @abstractmethod
    async def remove(self, project_id: str, name: str, changed_at: datetime) -> None: ...
    @abstractmethod
    async def value(self, project_id: str, name: str) -> str | None:
        """The current value; None when unknown or deleted."""

    @abstractmethod
    async def delete_for_project(self, project_id: str) -> None: ...


class WorkflowVersionRepository(ABC):
    """Immutable workflow versions, kept while runs may refer to them."""

    @abstractmethod
    async def get(self, workflow_version_id: str) -> WorkflowVersion | None: ...
    @abstractmethod
    async def add(self, project_id: str, version: WorkflowVersion) -> None:
        """Store a version not stored yet."""

    @abstractmethod
    async def delete_for_project(self, project_id: str) -> None: ...


@dataclass(frozen=True)
class RunFilter:
    """Optional criteria of a run list; ``since`` is inclusive, ``until`` exclusive."""

    workflow_id: str | None = None
    state: RunState | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True)
class RunCursor:
    """The position of the previous page's last run."""

    created_at: datetime
    run_id: str


class RunRepository(ABC):
    """Runs with their executions (always loaded together)."""

    @abstractmethod
    async def get(self, run_id: str) -> Run | None: ...
    @abstractmethod
    async def add(self, run: Run) -> None: ...
    @abstractmethod
    async def list_page(
        self, project_id: str, filters: RunFilter, limit: int, after: RunCursor | None
    ) -> list[Run]:
        """Newest first, ordered by (created_at, id) descending, strictly after ``after``."""

    @abstractmethod
    async def list_unfinished(self, project_id: str | None = None) -> list[Run]:
        """Running runs, of one project or (None) of every project, oldest first."""

    @abstractmethod
    async def delete_for_project(self, project_id: str) -> None: ...


class LogRepository(LogSink):
    """Execution logs, read back page by page."""

    @abstractmethod
    async def read_page(
        self, execution_id: str, limit: int, after: int | None, attempt: int | None = None
    ) -> list[StoredLogLine]:
        """Lines numbered strictly above ``after``, in order, at most ``limit``; only those of
        ``attempt`` when given."""

    @abstractmethod
    async def delete_for_project(self, project_id: str) -> None: ...
