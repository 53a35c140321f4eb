"""Actions found by scans: search, detail, logo, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from flowloom.repository.domain.catalog import ActionState
from flowloom.repository.domain.repositories import ActionFilter
from flowloom.repository.infrastructure.api.action_schemas import ActionOut, ActionPage
from flowloom.repository.infrastructure.api.deps import (
    PREFIX,
    Actions,
    CurrentCaller,
    Cursor,
    Editor,
    Limit,
)
from flowloom.servicekit.web.pages import page_body

router = APIRouter(prefix=PREFIX, tags=["actions"])


@router.get(
    "/actions",
    summary="List actions",
    description="Every action path of the project's sources, with filters; paginated.",
)
async def list_actions(
    caller: CurrentCaller,
    actions: Actions,
    source_id: Annotated[str | None, Query(description="Only this source's actions.")] = None,
    state: Annotated[ActionState | None, Query(description="Scanned, Built, …")] = None,
    kind: Annotated[str | None, Query(description="Processor, Publisher or Source.")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Text search.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ActionPage:
    filters = ActionFilter(source_id=source_id, state=state, kind=kind, text=q)
    page = await actions.find(caller.project_id, filters, limit, cursor)
    return page_body(ActionPage, page, ActionOut.of)


@router.get(
    "/actions/{action_id}",
    summary="Show an action",
    description="Its full definition (IO, resources, addons), state, digest and scan errors.",
)
async def get_action(action_id: str, caller: CurrentCaller, actions: Actions) -> ActionOut:
    return ActionOut.of(await actions.get(caller.project_id, action_id))


@router.get(
    "/actions/{action_id}/logo",
    summary="The logo of an action",
    description="The PNG or JPEG image; 404 when the action has none.",
    response_class=Response,
    responses={200: {"content": {"image/png": {}, "image/jpeg": {}}}},
)
async def get_logo(action_id: str, caller: CurrentCaller, actions: Actions) -> Response:
    content, media_type = await actions.logo(caller.project_id, action_id)
    return Response(content, media_type=media_type)


@router.delete(
    "/actions/{action_id}",
    status_code=204,
    summary="Delete an action",
    description="Deletes the record and its builds; a published action is unpublished. "
    "A later scan that finds the path again records it anew.",
)
async def delete_action(action_id: str, caller: Editor, actions: Actions) -> Response:
    await actions.delete(caller.project_id, action_id)
    return Response(status_code=204)
