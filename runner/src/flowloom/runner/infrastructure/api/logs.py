"""Execution logs: pages, or a live Server-Sent Events stream."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Query
from sse_starlette.sse import EventSourceResponse

from flowloom.runner.application.runs import RunService
from flowloom.runner.domain.errors import NotFound
from flowloom.runner.domain.run import RunState
from flowloom.runner.infrastructure.api import schemas
from flowloom.runner.infrastructure.api.deps import CurrentCaller, Runs
from flowloom.servicekit.web.json_guard import INT32_MAX

router = APIRouter(prefix="/api/runner", tags=["logs"])
After = Annotated[
    int | None,
    Query(ge=0, le=INT32_MAX, description="Number of the last line already seen."),
]
AttemptNumber = Annotated[
    int | None,
    Query(
        ge=1,
        le=INT32_MAX,
        description="Only the lines of this attempt (1 for the first); every line without it.",
    ),
]


async def _page(
    runs: RunService,
    project_id: str,
    run_id: str,
    execution_id: str,
    limit: int,
    after: int | None,
    attempt: int | None,
) -> schemas.LogPage:
    page = await runs.logs(project_id, run_id, execution_id, limit, after, attempt)
    return schemas.log_page(page)


@router.get(
    "/runs/{run_id}/executions/{execution_id}/logs",
    summary="Log lines of an execution",
    description="stdout and stderr of the user code, in order, a page at a time, each line "
    "with its attempt (`attempt` keeps one attempt's lines). The values of the execution's "
    "password inputs and project secrets are masked as `***`.",
)
async def execution_logs(
    run_id: str,
    execution_id: str,
    caller: CurrentCaller,
    runs: Runs,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
    after: After = None,
    attempt: AttemptNumber = None,
) -> schemas.LogPage:
    return await _page(runs, caller.project_id, run_id, execution_id, limit, after, attempt)


@router.get(
    "/runs/{run_id}/executions/{execution_id}/logs/stream",
    summary="Follow an execution's log live",
    description="Server-Sent Events: one `line` event per log line (JSON, masked as in the "
    "pages), then `end` when "
    "the run has ended and every line was sent. A run that is not the project's (or does not "
    "exist), or an execution that is not the run's, answers 404 (a problem) before any event.",
    response_class=EventSourceResponse,
    responses={
        200: {
            "description": "An endless `text/event-stream` until the `end` event.",
            "content": {"text/event-stream": {"schema": {"type": "string"}}},
        }
    },
)
async def follow_logs(
    run_id: str,
    execution_id: str,
    caller: CurrentCaller,
    runs: Runs,
    after: After = None,
    attempt: AttemptNumber = None,
) -> EventSourceResponse:
    await runs.execution(caller.project_id, run_id, execution_id)  # 404 before the stream
    lines = _follow(runs, caller.project_id, run_id, execution_id, after, attempt)
    return EventSourceResponse(lines)


async def _follow(
    runs: RunService,
    project_id: str,
    run_id: str,
    execution_id: str,
    after: int | None,
    attempt: int | None,
) -> AsyncIterator[dict[str, str]]:
    cursor = after
    while True:
        try:
            ended = (await runs.get(project_id, run_id)).state is not RunState.RUNNING
            page = await _page(runs, project_id, run_id, execution_id, 500, cursor, attempt)
        except NotFound:  # deleted with its project while followed
            return
        for line in page.items:
            cursor = line.number
            yield {"event": "line", "data": line.model_dump_json()}
        if ended and not page.items:
            yield {"event": "end", "data": "{}"}
            return
        if not page.items:
            await asyncio.sleep(0.25)
