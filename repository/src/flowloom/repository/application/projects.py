"""ProjectCleanupService: a deleted project loses its sources, scans, actions and builds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flowloom.repository.domain.ports import UnitOfWork


@dataclass(eq=False)
class ProjectCleanupService:
    """No unpublish events: every consumer cleans up the deleted project on its own."""

    uow: Callable[[], UnitOfWork]

    async def project_deleted(self, project_id: str) -> None:
        async with self.uow() as uow:
            await uow.sources.delete_project(project_id)
            await uow.commit()
