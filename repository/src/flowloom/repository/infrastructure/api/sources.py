"""Sources: the git repositories of a project."""

from __future__ import annotations

from fastapi import APIRouter, Response

from flowloom.repository.infrastructure.api import schemas
from flowloom.repository.infrastructure.api.deps import (
    PREFIX,
    CurrentCaller,
    Cursor,
    Editor,
    Limit,
    Sources,
    actor_of,
)
from flowloom.servicekit.web.pages import page_body

router = APIRouter(prefix=PREFIX, tags=["sources"])

REACH = (
    " Where the URL may lead depends on who sets it: no source may read the platform's own data "
    "(its data directories, the git cache); a platform admin may name any other path or host; "
    "other users may name file:// paths only under the directories an administrator opened "
    "(`LOCAL_ROOTS`), and https/ssh hosts only on public addresses (not loopback, link-local, "
    "private, unspecified, multicast or reserved) unless `ALLOWED_NETWORKS` admits them. Paths "
    "are compared after resolving symlinks, host names after resolving them; a refused URL is "
    "a 422 problem on `url` saying why. Every scan checks again, with the reach of whoever set "
    "the URL."
)


@router.post(
    "/sources",
    status_code=201,
    summary="Add a git source",
    description="URL: https://, ssh://, file:///absolute/path or user@host:path (http://, "
    "git:// and other transports are refused). Credentials (username + password/token, or an "
    "SSH private key) are encrypted at rest and never returned." + REACH,
)
async def create_source(
    body: schemas.SourceCreate, caller: Editor, sources: Sources
) -> schemas.SourceOut:
    created = await sources.create(
        caller.project_id,
        actor_of(caller),
        name=body.name,
        url=body.url,
        branch=body.branch,
        credentials=body.given_credentials(),
    )
    return schemas.SourceOut.of(created)


@router.get("/sources", summary="List sources", description="By name; paginated.")
async def list_sources(
    caller: CurrentCaller, sources: Sources, limit: Limit = 50, cursor: Cursor = None
) -> schemas.SourcePage:
    page = await sources.list(caller.project_id, limit, cursor)
    return page_body(schemas.SourcePage, page, schemas.SourceOut.of)


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
    description="Rename it, change its URL or branch, set or clear its credentials. A new `url` "
    "(even the same one) is checked with the caller's reach, which scans then use." + REACH,
)
async def update_source(
    source_id: str, body: schemas.SourceUpdate, caller: Editor, sources: Sources
) -> schemas.SourceOut:
    updated = await sources.update(
        caller.project_id,
        source_id,
        actor_of(caller),
        name=body.name,
        url=body.url,
        branch=body.branch,
        credentials=body.given_credentials(),
        clear_credentials=body.clear_credentials,
    )
    return schemas.SourceOut.of(updated)


@router.delete(
    "/sources/{source_id}",
    status_code=204,
    summary="Delete a source",
    description="Deletes its scans, actions and builds; published actions are unpublished.",
)
async def delete_source(source_id: str, caller: Editor, sources: Sources) -> Response:
    await sources.delete(caller.project_id, source_id)
    return Response(status_code=204)
