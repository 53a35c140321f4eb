"""Builds: request, history, detail, cancel and log."""

from __future__ import annotations

from fastapi import APIRouter, Response

from flowloom.repository.infrastructure.api.action_schemas import BuildList, BuildOut, BuildPage
from flowloom.repository.infrastructure.api.deps import (
    PREFIX,
    Builds,
    CurrentCaller,
    Cursor,
    Editor,
    Limit,
)
from flowloom.servicekit.web.pages import page_body

router = APIRouter(prefix=PREFIX, tags=["builds"])


@router.post(
    "/actions/{action_id}/builds",
    status_code=202,
    summary="Build an action",
    description="Orders a build of the action's scanned content (from Scanned, Build Error, "
    "Cancelled or Built); 409 for an action with scan errors or already building.",
)
async def build_action(action_id: str, caller: Editor, builds: Builds) -> BuildOut:
    return BuildOut.of(await builds.request(caller.project_id, action_id))


@router.get(
    "/actions/{action_id}/builds",
    summary="Build history of an action",
    description="Newest first, with state, timings, error and cache hit; paginated.",
)
async def list_builds(
    action_id: str, caller: CurrentCaller, builds: Builds, limit: Limit = 50, cursor: Cursor = None
) -> BuildPage:
    page = await builds.history(caller.project_id, action_id, limit, cursor)
    return page_body(BuildPage, page, BuildOut.of)


@router.post(
    "/sources/{source_id}/builds",
    status_code=202,
    summary="Build every buildable action of a source",
    description="Orders a build of each action in Scanned, Build Error or Cancelled.",
)
async def build_source(source_id: str, caller: Editor, builds: Builds) -> BuildList:
    ordered = await builds.request_all(caller.project_id, source_id)
    return BuildList(items=[BuildOut.of(build) for build in ordered])


@router.get("/builds/{build_id}", summary="Show a build", description="State and timings.")
async def get_build(build_id: str, caller: CurrentCaller, builds: Builds) -> BuildOut:
    return BuildOut.of(await builds.get(caller.project_id, build_id))


@router.post(
    "/builds/{build_id}/cancel",
    summary="Cancel a build",
    description="A Pending or Running build becomes Cancelled; 409 once it has ended.",
)
async def cancel_build(build_id: str, caller: Editor, builds: Builds) -> BuildOut:
    return BuildOut.of(await builds.cancel(caller.project_id, build_id))


@router.get(
    "/builds/{build_id}/log",
    summary="The log of a build",
    description="The builder's log as text; 404 until the builder has written one.",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}}},
)
async def build_log(build_id: str, caller: CurrentCaller, builds: Builds) -> Response:
    content = await builds.log(caller.project_id, build_id)
    return Response(content, media_type="text/plain; charset=utf-8")
