"""Scans of a source at a branch, tag or commit."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body

from flowloom.repository.infrastructure.api import schemas
from flowloom.repository.infrastructure.api.deps import (
    PREFIX,
    CurrentCaller,
    Cursor,
    Editor,
    Limit,
    Scans,
)
from flowloom.servicekit.web.pages import page_body

router = APIRouter(prefix=PREFIX, tags=["scans"])


@router.post(
    "/sources/{source_id}/scans",
    status_code=202,
    summary="Scan a source",
    description="Starts a scan of the branch, tag or commit `ref` (default: the source's "
    "branch) and answers at once with the scan Running; poll `GET /scans/{id}`. Before git "
    "reads the repository, its URL is checked again with the reach of whoever set it (a "
    "symlink or a DNS answer may have changed): a URL that now leads where it may not fails "
    "the scan with `error` starting `refused to read the repository:`.",
)
async def start_scan(
    source_id: str,
    caller: Editor,
    scans: Scans,
    body: Annotated[schemas.ScanRequest | None, Body()] = None,
) -> schemas.ScanOut:
    ref = None if body is None else body.ref
    return schemas.ScanOut.of(await scans.start(caller.project_id, source_id, ref))


@router.get(
    "/sources/{source_id}/scans",
    summary="List the scans of a source",
    description="Newest first; paginated.",
)
async def list_scans(
    source_id: str, caller: CurrentCaller, scans: Scans, limit: Limit = 50, cursor: Cursor = None
) -> schemas.ScanPage:
    page = await scans.list(caller.project_id, source_id, limit, cursor)
    return page_body(schemas.ScanPage, page, schemas.ScanOut.of)


@router.get(
    "/scans/{scan_id}",
    summary="Show a scan",
    description="State, resolved commit sha, and every scan error (file, line, field, message).",
)
async def get_scan(scan_id: str, caller: CurrentCaller, scans: Scans) -> schemas.ScanOut:
    return schemas.ScanOut.of(await scans.get(caller.project_id, scan_id))
