"""ActionService: find, show and delete action records (deleting unpublishes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flowloom.repository.application.removal import remove_action
from flowloom.repository.domain.catalog import Action
from flowloom.repository.domain.errors import NotFound
from flowloom.repository.domain.ports import Clock, Ids, UnitOfWork
from flowloom.repository.domain.repositories import ActionFilter, Page


@dataclass(eq=False)
class ActionService:
    uow: Callable[[], UnitOfWork]
    clock: Clock
    ids: Ids

    async def find(
        self, project_id: str, filters: ActionFilter, limit: int, cursor: str | None
    ) -> Page[Action]:
        async with self.uow() as uow:
            return await uow.actions.find(project_id, filters, limit, cursor)

    async def get(self, project_id: str, action_id: str) -> Action:
        async with self.uow() as uow:
            return await _action(uow, project_id, action_id)

    async def logo(self, project_id: str, action_id: str) -> tuple[bytes, str]:
        action = await self.get(project_id, action_id)
        if not action.logo:
            raise NotFound(f"action {action_id} has no logo")
        return action.logo, action.logo_media_type or "application/octet-stream"

    async def delete(self, project_id: str, action_id: str) -> None:
        """Deletes the record and its builds; a build in progress is cancelled first."""
        async with self.uow() as uow:
            action = await _action(uow, project_id, action_id)
            await remove_action(uow, action, self.ids, self.clock.now())
            await uow.commit()


async def _action(uow: UnitOfWork, project_id: str, action_id: str) -> Action:
    action = await uow.actions.get(project_id, action_id)
    if action is None:
        raise NotFound(f"action {action_id} not found")
    return action
