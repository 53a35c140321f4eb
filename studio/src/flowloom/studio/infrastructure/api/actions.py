"""The action store: published actions of the project, newest version first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from flowloom.servicekit.web.pages import page_body
from flowloom.studio.domain.actions import ActionKind
from flowloom.studio.domain.errors import NotFound
from flowloom.studio.infrastructure.api.action_schemas import (
    ActionOut,
    ActionPage,
    ActionSummaryOut,
)
from flowloom.studio.infrastructure.api.deps import PREFIX, Actions, CurrentCaller, Cursor, Limit

router = APIRouter(prefix=PREFIX, tags=["actions"])


@router.get(
    "/actions",
    summary="Search the action store",
    description="One entry per action (technical name): its newest version and the list of "
    "published versions. `q` matches the technical name, the human name and the description.",
)
async def list_actions(
    caller: CurrentCaller,
    actions: Actions,
    q: Annotated[str | None, Query(description="Text to look for.")] = None,
    kind: Annotated[ActionKind | None, Query(description="Source, Processor, Publisher.")] = None,
    category: Annotated[str | None, Query(description="Only this category.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> ActionPage:
    page = await actions.search(
        caller.project_id, text=q, kind=kind, category=category, limit=limit, cursor=cursor
    )
    return page_body(ActionPage, page, ActionSummaryOut.of)


@router.get(
    "/actions/{technical_name}",
    summary="Versions of an action",
    description="Every published version, oldest first, with its IO and resources.",
)
async def get_action(
    technical_name: str, caller: CurrentCaller, actions: Actions
) -> list[ActionOut]:
    return [ActionOut.of(a) for a in await actions.versions(caller.project_id, technical_name)]


@router.get(
    "/actions/{technical_name}/versions/{version}",
    summary="One version of an action",
    description="Inputs and outputs (types, defaults, enum values), resources, kind, source.",
)
async def get_action_version(
    technical_name: str, version: str, caller: CurrentCaller, actions: Actions
) -> ActionOut:
    return ActionOut.of(await actions.get(caller.project_id, technical_name, version))


@router.get(
    "/actions/{technical_name}/versions/{version}/logo",
    summary="Logo of an action version",
    description="The image bytes with their media type; 404 when the action has no logo.",
    response_class=Response,
    responses={200: {"content": {"image/png": {}, "image/jpeg": {}}}},
)
async def get_action_logo(
    technical_name: str, version: str, caller: CurrentCaller, actions: Actions
) -> Response:
    action = await actions.get(caller.project_id, technical_name, version)
    if not action.logo:
        raise NotFound("this action has no logo")
    media_type = action.logo_media_type or "application/octet-stream"
    return Response(action.logo, media_type=media_type)
