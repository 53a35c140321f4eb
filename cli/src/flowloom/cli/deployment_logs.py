"""`workflows logs`: the deployed version's trigger log (what its source wrote), page by page."""

from __future__ import annotations

import json
import time

import typer
from flowloom_sdk.api.runner_deployments import runner_deployment_logs, runner_get_deployment
from flowloom_sdk.models import RunnerDeploymentOut, TriggerLogPage

from flowloom.cli.output import spinner
from flowloom.cli.session import Session

POLL_SECONDS = 0.5
LIVE = ("Deploying", "Deployed")


def show_deployment_logs(session: Session, workflow_id: str, follow: bool, as_json: bool) -> None:
    """Print the lines; with ``follow``, until the trigger is no longer running."""
    after: int | None = None
    while True:
        printed, after = _print_new(session, workflow_id, after, as_json)
        if not follow or (printed == 0 and not _running(session, workflow_id)):
            return
        if printed == 0:
            with spinner("waiting for log lines…"):
                time.sleep(POLL_SECONDS)


def _print_new(
    session: Session, workflow_id: str, after: int | None, as_json: bool
) -> tuple[int, int | None]:
    count = 0
    while True:
        page = session.get(
            runner_deployment_logs.sync_detailed,
            TriggerLogPage,
            workflow_id=workflow_id,
            limit=500,
            after=after,
        )
        for line in page.items:
            after, count = line.number, count + 1
            if as_json:
                typer.echo(json.dumps(line.to_dict(), ensure_ascii=False))
            else:
                typer.echo(line.line)
        if not page.items or not page.next_cursor:
            return count, after


def _running(session: Session, workflow_id: str) -> bool:
    found = session.get(
        runner_get_deployment.sync_detailed, RunnerDeploymentOut, workflow_id=workflow_id
    )
    if found.state == "Deploying":
        return True
    return found.state in LIVE and found.trigger is not None and found.trigger.state == "running"


def trigger_line(deployment: RunnerDeploymentOut | None) -> str | None:
    """`running`, `finished` or `failed: <message>`; None while not deployed."""
    trigger = deployment.trigger if deployment else None
    if trigger is None:
        return None
    return f"{trigger.state}: {trigger.message}" if trigger.message else trigger.state
