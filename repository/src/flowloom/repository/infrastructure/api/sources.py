"""Sources: the git repositories of a project."""

from __future__ import annotations

from fastapi import APIRouter, Response

from flowloom.repository.infrastructure.api import schemas
from flowloom.repository.infrastructure.api.deps import (
    CurrentCaller,
    Cursor,
    Editor,
    Limit,
    Sources,
)

router = APIRouter(prefix="/api/repository", tags=["sources"])


@router.post(
    "/sources",
    status_code=201,
    summary="Add a git source",
    description="URL: https://, ssh://, file:// or user@host:path. Credentials (username + "
    "password/token, or an SSH private key) are encrypted at rest and never returned.",
)
async def create_source(
    body: schemas.SourceCreate, caller: Editor, sources: Sources
) -> schemas.SourceOut:
    return schemas.SourceOut.of(await sources.create(caller.project_id, body.command()))


@router.get("/sources", summary="List sources", description="By name; paginated.")
async def list_sources(
    caller: CurrentCaller, sources: Sources, limit: Limit = 50, cursor: Cursor = None
) -> schemas.SourcePage:
    page = await sources.list(caller.project_id, limit, cursor)
    return schemas.SourcePage(
        items=[schemas.SourceOut.of(s) for s in page.items], next_cursor=page.next_cursor
    )


@router.get(
    "/sources/{source_id}",
    summary="Show a source",
    description="Its URL, default branch and whether credentials are stored (never them).",
)
async def get_source(source_id: str, caller: CurrentCaller, sources: Sources) -> schemas.SourceOut:
    return schemas.SourceOut.of(await sources.get(caller.project_id, source_id))


@router.patch(
    "/sources/{source_id}",
    summary="Change a source",
    description="Rename it, change its URL or branch, set or clear its credentials.",
)
async def update_source(
    source_id: str, body: schemas.SourceUpdate, caller: Editor, sources: Sources
) -> schemas.SourceOut:
    return schemas.SourceOut.of(await sources.update(caller.project_id, source_id, body.command()))


@router.delete(
    "/sources/{source_id}",
    status_code=204,
    summary="Delete a source",
    description="Deletes its scans, actions and builds; published actions are unpublished.",
)
async def delete_source(source_id: str, caller: Editor, sources: Sources) -> Response:
    await sources.delete(caller.project_id, source_id)
    return Response(status_code=204)
