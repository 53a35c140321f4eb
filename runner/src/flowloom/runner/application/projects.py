"""Reacting to a project's deletion: everything of it in the runner goes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flowloom.runner.application.engine import ExecutionEngine
from flowloom.runner.application.triggers import TriggerKeeper
from flowloom.runner.domain.files import project_prefix
from flowloom.runner.domain.ports import FileStore, UnitOfWork
from flowloom.runner.domain.repositories import LogRepository


@dataclass(eq=False)
class ProjectCleanupService:
    """Handles ``ProjectDeleted``: stops the project's triggers, runs and wrappers, then
    deletes its logs, files, runs, versions, deployments and secrets (no event: the studio cleans up
    on the same message)."""

    uow: Callable[[], UnitOfWork]
    triggers: TriggerKeeper
    engine: ExecutionEngine
    logs: LogRepository
    files: FileStore

    async def handle_project_deleted(self, project_id: str) -> None:
        async with self.uow() as uow:
            run_ids = [run.id for run in await uow.runs.list_unfinished(project_id)]
            deployments = await uow.deployments.list_for_project(project_id)
        self.engine.abandon(run_ids)
        for deployment in deployments:
            await self.triggers.stop_workflow(deployment.workflow_id)
        # Idempotent deletions before the commit: a crash replays the whole message.
        await self.logs.delete_for_project(project_id)
        await self.files.delete_prefix(project_prefix(project_id))
        async with self.uow() as uow:
            await uow.runs.delete_for_project(project_id)
            await uow.deployments.delete_for_project(project_id)
            await uow.versions.delete_for_project(project_id)
            await uow.secrets.delete_for_project(project_id)
            await uow.commit()
