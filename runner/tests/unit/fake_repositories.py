"""In-memory repositories with row-level commits, like a database with concurrent sessions."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flowloom.runner.domain.deployment import Deployment
from flowloom.runner.domain.events import DeploymentState, DomainEvent
from flowloom.runner.domain.repositories import (
    DeploymentRepository,
    ProjectSecretRepository,
    RunCursor,
    RunFilter,
    RunRepository,
    WorkflowVersionRepository,
)
from flowloom.runner.domain.run import Run, RunState
from flowloom.runner.domain.workflow import WorkflowVersion


@dataclass
class FakeDatabase:
    """Committed rows, the events published with them, and how many commits happened.

    ``down``: every unit of work fails at its start and at its commit, as with a database
    that refuses connections; ``lost_answers``: the commits of these numbers (``commits`` once
    they are counted) go through, then fail as if the connection had dropped before their
    answer came back.
    """

    deployments: dict[str, Deployment] = field(default_factory=dict)
    versions: dict[str, tuple[str, WorkflowVersion]] = field(default_factory=dict)
    runs: dict[str, Run] = field(default_factory=dict)
    secrets: dict[str, tuple[str, str, str | None, datetime]] = field(default_factory=dict)
    published: list[DomainEvent] = field(default_factory=list)
    commits: int = 0
    fail_next_commit: int = 0  # that many next commits fail (not an outage)
    down: bool = False
    lost_answers: set[int] = field(default_factory=set)

    def table(self, name: str) -> dict[str, Any]:
        tables: dict[str, dict[str, Any]] = {
            "deployments": self.deployments,
            "versions": self.versions,
            "runs": self.runs,
            "secrets": self.secrets,
        }
        return tables[name]


class Session:
    """One unit of work's copies: only the rows it touched are written back on commit."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db
        self.rows: dict[tuple[str, str], Any] = {}
        self.deletions: list[tuple[str, Callable[[Any], bool]]] = []

    def load(self, table: str, key: str) -> Any:
        if (table, key) not in self.rows:
            row = self.db.table(table).get(key)
            if row is None:
                return None
            self.rows[(table, key)] = copy.deepcopy(row)
        return self.rows[(table, key)]

    def load_where(self, table: str, keep: Callable[[Any], bool]) -> list[Any]:
        keys = [key for key, row in self.db.table(table).items() if keep(row)]
        return [self.load(table, key) for key in keys]

    def add(self, table: str, key: str, row: Any) -> None:
        self.rows[(table, key)] = row

    def delete_where(self, table: str, doomed: Callable[[Any], bool]) -> None:
        self.deletions.append((table, doomed))

    def flush(self) -> None:
        for (table, key), row in self.rows.items():
            self.db.table(table)[key] = copy.deepcopy(row)
        for table, doomed in self.deletions:
            rows = self.db.table(table)
            for key in [key for key, row in rows.items() if doomed(row)]:
                del rows[key]
        self.rows, self.deletions = {}, []


class FakeDeploymentRepository(DeploymentRepository):
    def __init__(self, s: Session) -> None:
        self.s = s

    async def get(self, workflow_id: str) -> Deployment | None:
        return self.s.load("deployments", workflow_id)  # type: ignore[no-any-return]

    async def get_by_webhook_key(self, webhook_key: str) -> Deployment | None:
        found = self.s.load_where("deployments", lambda d: d.webhook_key == webhook_key)
        return found[0] if found else None

    async def list_for_project(self, project_id: str) -> list[Deployment]:
        found = self.s.load_where("deployments", lambda d: d.project_id == project_id)
        return sorted(found, key=lambda d: d.workflow_id)

    async def list_active(self) -> list[Deployment]:
        live = {DeploymentState.DEPLOYING, DeploymentState.DEPLOYED, DeploymentState.UNDEPLOYING}
        return self.s.load_where("deployments", lambda d: d.state in live)

    async def add(self, deployment: Deployment) -> None:
        self.s.add("deployments", deployment.workflow_id, deployment)

    async def delete_for_project(self, project_id: str) -> None:
        self.s.delete_where("deployments", lambda d: d.project_id == project_id)


class FakeWorkflowVersionRepository(WorkflowVersionRepository):
    def __init__(self, s: Session) -> None:
        self.s = s

    async def get(self, workflow_version_id: str) -> WorkflowVersion | None:
        row = self.s.load("versions", workflow_version_id)
        return row[1] if row else None

    async def add(self, project_id: str, version: WorkflowVersion) -> None:
        self.s.add("versions", version.workflow_version_id, (project_id, version))

    async def delete_for_project(self, project_id: str) -> None:
        self.s.delete_where("versions", lambda row: row[0] == project_id)


class FakeRunRepository(RunRepository):
    def __init__(self, s: Session) -> None:
        self.s = s

    async def get(self, run_id: str) -> Run | None:
        return self.s.load("runs", run_id)  # type: ignore[no-any-return]

    async def add(self, run: Run) -> None:
        self.s.add("runs", run.id, run)

    async def list_page(
        self, project_id: str, filters: RunFilter, limit: int, after: RunCursor | None
    ) -> list[Run]:
        def keep(run: Run) -> bool:
            return run.project_id == project_id and _matches(run, filters, after)

        found = self.s.load_where("runs", keep)
        return sorted(found, key=lambda r: (r.created_at, r.id), reverse=True)[:limit]

    async def list_unfinished(self, project_id: str | None = None) -> list[Run]:
        def keep(run: Run) -> bool:
            return run.state is RunState.RUNNING and project_id in (None, run.project_id)

        return sorted(self.s.load_where("runs", keep), key=lambda r: (r.created_at, r.id))

    async def delete_for_project(self, project_id: str) -> None:
        self.s.delete_where("runs", lambda r: r.project_id == project_id)


def _matches(run: Run, f: RunFilter, after: RunCursor | None) -> bool:
    return (
        (f.workflow_id is None or run.workflow_id == f.workflow_id)
        and (f.state is None or run.state is f.state)
        and (f.since is None or run.created_at >= f.since)
        and (f.until is None or run.created_at < f.until)
        and (after is None or (run.created_at, run.id) < (after.created_at, after.run_id))
    )


class FakeProjectSecretRepository(ProjectSecretRepository):
    """Rows (project, name, value or None, changed_at) keyed "project/name"; newest wins."""

    def __init__(self, s: Session) -> None:
        self.s = s

    async def put(self, project_id: str, name: str, value: str, changed_at: datetime) -> None:
        self._write(project_id, name, value, changed_at)

    async def remove(self, project_id: str, name: str, changed_at: datetime) -> None:
        self._write(project_id, name, None, changed_at)

    async def value(self, project_id: str, name: str) -> str | None:
        row = self.s.load("secrets", f"{project_id}/{name}")
        return None if row is None else row[2]

    async def delete_for_project(self, project_id: str) -> None:
        self.s.delete_where("secrets", lambda row: row[0] == project_id)

    def _write(self, project_id: str, name: str, value: str | None, at: datetime) -> None:
        row = self.s.load("secrets", f"{project_id}/{name}")
        if row is None or at > row[3]:
            self.s.add("secrets", f"{project_id}/{name}", (project_id, name, value, at))
