"""Deployments of the project's workflows, and their webhooks."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from flowloom.runner.domain.errors import NotFound
from flowloom.runner.domain.run import RunState, TriggerSource
from flowloom.runner.infrastructure.api import schemas
from flowloom.runner.infrastructure.api.deps import CurrentCaller, Deployments, Runs
from flowloom.runner.infrastructure.api.inputs import TRIGGER_VALUES_BODY, trigger_values
from flowloom.servicekit.web.json_guard import INT32_MAX

router = APIRouter(prefix="/api/runner", tags=["deployments"])


@router.get("/deployments", summary="List deployments", description="The project's workflows.")
async def list_deployments(
    caller: CurrentCaller, deployments: Deployments
) -> list[schemas.DeploymentOut]:
    views = await deployments.deployments(caller.project_id)
    return [schemas.DeploymentOut.of(view) for view in views]


@router.get(
    "/deployments/{workflow_id}",
    summary="Show a deployment",
    description="State of the workflow's deployment, the runner's message and its webhook path.",
)
async def get_deployment(
    workflow_id: str, caller: CurrentCaller, deployments: Deployments
) -> schemas.DeploymentOut:
    return schemas.DeploymentOut.of(await deployments.get(caller.project_id, workflow_id))


@router.get(
    "/deployments/{workflow_id}/logs",
    summary="Log lines of a deployment's trigger",
    description="What the deployed version's source wrote (stdout and stderr), in order, a "
    "page at a time; its password inputs and secrets masked as `***`. Empty for a manual or "
    "cron trigger.",
    responses={404: {"description": "No deployment of this workflow in the project."}},
)
async def deployment_logs(
    workflow_id: str,
    caller: CurrentCaller,
    deployments: Deployments,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
    after: Annotated[
        int | None,
        Query(ge=0, le=INT32_MAX, description="Number of the last line already seen."),
    ] = None,
) -> schemas.TriggerLogPage:
    page = await deployments.logs(caller.project_id, workflow_id, limit, after)
    return schemas.trigger_log_page(page)


@router.post(
    "/hooks/{workflow_id}/{key}",
    summary="Start a run from a webhook",
    description="Public: the key in the path is the secret. Body: JSON or a form (files "
    "allowed). With `?sync=true` the answer waits for the run and carries its results (or the "
    "status and message of a RyaxException that canceled it).",
    openapi_extra={"security": [], **TRIGGER_VALUES_BODY},
    status_code=202,
    responses={
        202: {"model": schemas.WebhookAnswer, "description": "Started (still running)."},
        200: {"model": schemas.WebhookAnswer, "description": "With `sync`: Completed."},
        502: {
            "model": schemas.WebhookAnswer,
            "description": "With `sync`: the run ended in Error, or was canceled without a "
            "status of its own (the body says why). A run canceled by a `RyaxException` "
            "answers the exception's status (400 to 599) instead.",
        },
    },
)
async def webhook(
    workflow_id: str,
    key: str,
    request: Request,
    deployments: Deployments,
    runs: Runs,
    sync: Annotated[bool, Query(description="Wait for the run and answer its results.")] = False,
    wait: Annotated[float, Query(gt=0, le=600, description="Seconds to wait (sync).")] = 60,
) -> JSONResponse:
    deployment = await deployments.by_webhook_key(key)
    if deployment.workflow_id != workflow_id:
        raise NotFound("deployment not found")  # the same answer as for an unknown key
    project_id = deployment.project_id
    async with trigger_values(request) as (values, as_text):
        run_id = await runs.start_run(
            project_id, workflow_id, TriggerSource.WEBHOOK, values, as_text=as_text
        )
    if not sync:
        return JSONResponse({"run_id": run_id}, status_code=202)
    run = await runs.wait_ended(project_id, run_id, wait)
    if not run.state.finished:
        return JSONResponse({"run_id": run_id, "state": str(run.state)}, status_code=202)
    body: dict[str, object] = {"run_id": run_id, "state": str(run.state), "error": run.error}
    if run.state is RunState.COMPLETED:
        results = schemas.values_out(run.results)
        body["results"] = {name: value.model_dump() for name, value in results.items()}
        return JSONResponse(body, status_code=200)
    # The workflow behind the hook failed, not the platform: 502, unless the action chose a code.
    status = run.cancel_code if run.state is RunState.CANCELED and run.cancel_code else 502
    return JSONResponse(body, status_code=status if 400 <= status < 600 else 502)
