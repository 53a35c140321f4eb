"""Removing everything of a deleted project."""

from __future__ import annotations

from collections.abc import Callable

from flowloom.studio.domain.ports import FileStore, UnitOfWork, project_prefix


class ProjectCleanupService:
    """On ``ProjectDeleted``: the files first, then the rows in one transaction (with the
    inbox row), so that a failure on either side is retried by redelivery."""

    def __init__(self, uow: Callable[[], UnitOfWork], files: FileStore) -> None:
        self._uow = uow
        self._files = files

    async def project_deleted(self, project: str) -> None:
        await self._files.delete_prefix(project_prefix(project))
        async with self._uow() as uow:
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
