"""Removing an action record: stop its build, unpublish it, delete it and its builds."""

from __future__ import annotations

from datetime import datetime

from flowloom.repository.domain.catalog import Action
from flowloom.repository.domain.events import ActionBuildCancelled, unpublished
from flowloom.repository.domain.ports import Ids, UnitOfWork


async def remove_action(uow: UnitOfWork, action: Action, ids: Ids, now: datetime) -> None:
    """A build in progress is cancelled (builders stop); a published action is unpublished."""
    if action.current_build_id is not None:
        build = await uow.builds.get(action.project_id, action.current_build_id)
        if build is not None and build.cancel(now, "the action was deleted"):
            uow.emit(ActionBuildCancelled(ids.new_id(), build.id, action.project_id, now))
    event = unpublished(ids.new_id(), action, now)
    if event is not None:
        uow.emit(event)
    await uow.builds.delete_of_action(action.id)
    await uow.actions.delete(action)
