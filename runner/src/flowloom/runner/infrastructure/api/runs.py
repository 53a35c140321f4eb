"""Runs: start (manual), list, detail with executions, cancel, results, logs, files."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BeforeValidator

from flowloom.runner.domain.repositories import RunFilter
from flowloom.runner.domain.run import RunState, TriggerSource
from flowloom.runner.infrastructure.api import schemas
from flowloom.runner.infrastructure.api.deps import RUN, CurrentCaller, Cursor, Limit, Runs
from flowloom.runner.infrastructure.api.inputs import TRIGGER_VALUES_BODY, trigger_values
from flowloom.servicekit.web.pages import page_body

router = APIRouter(prefix="/api/runner", tags=["runs"])


def _iso_only(value: object) -> object:
    """pydantic reads a bare number as a Unix time; the schema says an ISO 8601 date-time."""
    if isinstance(value, str) and value.strip().lstrip("+-").replace(".", "", 1).isdigit():
        raise ValueError("must be an ISO 8601 date-time, such as 2026-01-31T12:00:00Z")
    return value


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_only)]


@router.post(
    "/workflows/{workflow_id}/runs",
    status_code=201,
    summary="Start a run by hand",
    description='The body gives the trigger\'s outputs: JSON (`{"inputs": {"name": value}}`) '
    "or a multipart form (files as file fields, other fields as text read by type). With "
    "`wait`, the answer comes once the run has ended (or `wait` seconds have passed) and "
    "carries its state. A value that does not fit an input, a missing one or a name that is "
    "not an input answers 422 (title `Invalid run inputs`), `errors` naming each input "
    "(`inputs.<name>`: `input 'letter' is required`). A workflow that is not deployed (never "
    "deployed, undeployed, unknown in the project) answers 409 saying so.",
    openapi_extra=TRIGGER_VALUES_BODY,
)
async def start_run(
    workflow_id: str,
    request: Request,
    caller: CurrentCaller,
    runs: Runs,
    wait: Annotated[
        float | None,
        Query(gt=0, le=600, description="Seconds to wait for the run's end before answering."),
    ] = None,
) -> schemas.RunStarted:
    caller.require(RUN, "start runs")
    async with trigger_values(request) as (values, as_text):
        run_id = await runs.start_run(
            caller.project_id, workflow_id, TriggerSource.MANUAL, values, as_text=as_text
        )
    if wait is None:
        return schemas.RunStarted(run_id=run_id)
    run = await runs.wait_ended(caller.project_id, run_id, wait)
    return schemas.RunStarted(run_id=run_id, state=str(run.state))


@router.get("/runs", summary="List runs", description="Newest first; filter and page.")
async def list_runs(
    caller: CurrentCaller,
    runs: Runs,
    workflow_id: Annotated[str | None, Query(description="Only this workflow's runs.")] = None,
    state: Annotated[RunState | None, Query(description="Running, Completed, …")] = None,
    since: Annotated[IsoDateTime | None, Query(description="Created at or after.")] = None,
    until: Annotated[IsoDateTime | None, Query(description="Created before.")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> schemas.RunPage:
    filters = RunFilter(workflow_id=workflow_id, state=state, since=since, until=until)
    page = await runs.list_runs(caller.project_id, filters, limit, cursor)
    return page_body(schemas.RunPage, page, schemas.run_summary)


@router.get(
    "/runs/{run_id}",
    summary="Show a run",
    description="State, timings, trigger outputs, results and every execution with its "
    "attempt, inputs, outputs and error. Passwords, project secrets and text outputs holding "
    "one are masked (`value` null, `secret` true); their values are masked as `***` in "
    "error messages.",
)
async def get_run(run_id: str, caller: CurrentCaller, runs: Runs) -> schemas.RunOut:
    return schemas.RunOut.of(await runs.get(caller.project_id, run_id))


@router.post(
    "/runs/{run_id}/cancel",
    summary="Cancel a run",
    description="Stops running executions and cancels the ones not started. No-op when ended.",
)
async def cancel_run(run_id: str, caller: CurrentCaller, runs: Runs) -> schemas.RunOut:
    caller.require(RUN, "cancel runs")
    return schemas.RunOut.of(await runs.cancel(caller.project_id, run_id))


@router.get(
    "/runs/{run_id}/results",
    summary="Results of a run",
    description="The workflow's named results once the run is Completed (409 before).",
    responses={409: {"description": "The run has not completed."}},
)
async def run_results(run_id: str, caller: CurrentCaller, runs: Runs) -> schemas.RunResults:
    return schemas.RunResults(schemas.values_out(await runs.results(caller.project_id, run_id)))


@router.get(
    "/runs/{run_id}/files",
    summary="Download a file of a run",
    description="Redirects to a short-lived download URL for a file the run received or made "
    "(`key` as shown in the run's values). The URL is valid for the runner's "
    "`DOWNLOAD_URL_SECONDS` (300 s by default).",
    response_class=RedirectResponse,
    status_code=307,
    responses={
        307: {
            "description": "The download URL is in `Location` (valid `DOWNLOAD_URL_SECONDS`, "
            "5 minutes by default).",
            "headers": {"Location": {"schema": {"type": "string"}}},
        }
    },
)
async def download_file(
    run_id: str,
    key: Annotated[str, Query(description="The file's key.")],
    caller: CurrentCaller,
    runs: Runs,
) -> RedirectResponse:
    return RedirectResponse(await runs.file_url(caller.project_id, run_id, key), status_code=307)
