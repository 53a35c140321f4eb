"""Removing everything of a deleted project."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flowloom.studio.domain.ports import FileStore, UnitOfWork, project_prefix


@dataclass(eq=False)
class ProjectCleanupService:
    """On ``ProjectDeleted``: the files first, then the rows in one transaction (with the
    inbox row), so that a failure on either side is retried by redelivery."""

    uow: Callable[[], UnitOfWork]
    files: FileStore

    async def project_deleted(self, project: str) -> None:
        await self.files.delete_prefix(project_prefix(project))
        async with self.uow() as uow:
            for repository in (
                uow.deployments,
                uow.versions,
                uow.files,
                uow.workflows,
                uow.actions,
                uow.variables,
                uow.secrets,
            ):
                await repository.delete_project(project)
            await uow.commit()
