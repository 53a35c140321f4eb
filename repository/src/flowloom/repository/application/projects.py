"""ProjectCleanupService: a deleted project loses its sources, scans, actions and builds."""

from __future__ import annotations

from collections.abc import Callable

from flowloom.repository.domain.ports import UnitOfWork


class ProjectCleanupService:
    """No unpublish events: every consumer cleans up the deleted project on its own."""

    def __init__(self, uow: Callable[[], UnitOfWork]) -> None:
        self._uow = uow

    async def project_deleted(self, project_id: str) -> None:
        async with self._uow() as uow:
            await uow.sources.delete_project(project_id)
            await uow.commit()
