"""Execution logs: pages, or a live Server-Sent Events stream."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Query
from sse_starlette.sse import EventSourceResponse

from flowloom.runner.application.runs import RunService
from flowloom.runner.domain.run import RunState
from flowloom.runner.infrastructure.api import schemas
from flowloom.runner.infrastructure.api.deps import CurrentCaller, Runs

router = APIRouter(prefix="/api/runner", tags=["logs"])
After = Annotated[int | None, Query(description="Number of the last line already seen.")]


async def _page(
    runs: RunService, project_id: str, run_id: str, execution_id: str, limit: int, after: int | None
) -> schemas.LogPage:
    page = await runs.logs(project_id, run_id, execution_id, limit, after)
    items = [
        schemas.LogLineOut(
            number=line.number, stream=line.stream, line=line.line, timestamp=line.timestamp
        )
        for line in page.items
    ]
    return schemas.LogPage(items=items, next_cursor=page.next_cursor)


@router.get(
    "/runs/{run_id}/executions/{execution_id}/logs",
    summary="Log lines of an execution",
    description="stdout and stderr of the user code, in order, a page at a time.",
)
async def execution_logs(
    run_id: str,
    execution_id: str,
    caller: CurrentCaller,
    runs: Runs,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
    after: After = None,
) -> schemas.LogPage:
    return await _page(runs, caller.project_id, run_id, execution_id, limit, after)


@router.get(
    "/runs/{run_id}/executions/{execution_id}/logs/stream",
    summary="Follow an execution's log live",
    description="Server-Sent Events: one `line` event per log line (JSON), then `end` when "
    "the run has ended and every line was sent.",
    response_class=EventSourceResponse,
    responses={
        200: {
            "description": "An endless `text/event-stream` until the `end` event.",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        }
    },
)
async def follow_logs(
    run_id: str, execution_id: str, caller: CurrentCaller, runs: Runs, after: After = None
) -> EventSourceResponse:
    return EventSourceResponse(_follow(runs, caller.project_id, run_id, execution_id, after))


async def _follow(
    runs: RunService, project_id: str, run_id: str, execution_id: str, after: int | None
) -> AsyncIterator[dict[str, str]]:
    cursor = after
    while True:
        ended = (await runs.get(project_id, run_id)).state is not RunState.RUNNING
        page = await _page(runs, project_id, run_id, execution_id, 500, cursor)
        for line in page.items:
            cursor = line.number
            yield {"event": "line", "data": line.model_dump_json()}
        if ended and not page.items:
            yield {"event": "end", "data": "{}"}
            return
        if not page.items:
            await asyncio.sleep(0.25)
