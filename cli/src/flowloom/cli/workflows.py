"""`workflows` (studio): import and export files, list, show, problems, deploy, versions."""

from __future__ import annotations

import json as json_module
import re
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Annotated, Any

import typer
from flowloom_sdk.api.runner_deployments import runner_get_deployment
from flowloom_sdk.api.studio_deployments import (
    studio_deploy,
    studio_get_deployment,
    studio_list_versions,
    studio_undeploy,
)
from flowloom_sdk.api.studio_files import studio_export_workflow, studio_import_workflow
from flowloom_sdk.api.studio_workflows import (
    studio_delete_workflow,
    studio_get_problems,
    studio_get_workflow,
    studio_list_workflows,
)
from flowloom_sdk.models import (
    ProblemOut,
    RunnerDeploymentOut,
    StudioDeploymentOut,
    WorkflowOut,
    WorkflowSummary,
)
from flowloom_sdk.types import UNSET, File, Response

from flowloom.cli.deployment_logs import show_deployment_logs, trigger_line
from flowloom.cli.errors import CliError
from flowloom.cli.names import workflow_id
from flowloom.cli.output import (
    Id,
    JsonOption,
    WaitOption,
    WideOption,
    done,
    print_fields,
    print_json,
    print_list,
    print_table,
    wait_for,
)
from flowloom.cli.session import Session, attempt

app = typer.Typer(help="Workflows of the studio, named by name.", no_args_is_help=True)
ZIP_MAGIC = b"PK\x03\x04"
SETTLED = ("Deployed", "Undeployed", "Error")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A workflow.yaml, or a zip of it and its files.")],
    name: Annotated[str | None, typer.Option(help="Instead of the file's name.")] = None,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace", help="Make the file a new draft of the workflow that has its name."
        ),
    ] = False,
    json: JsonOption = False,
) -> None:
    """Import a workflow file as a new workflow (names are unique in a project)."""
    try:
        content = file.expanduser().read_bytes()
    except OSError as error:
        raise CliError(f"cannot read {file}: {error.strerror or error}") from None
    session = Session.load()
    body = File(payload=BytesIO(content), file_name=file.name)
    try:
        answer = session.call(
            studio_import_workflow.sync_detailed,
            body=body,
            name=UNSET if name is None else name,
            replace=replace,
        )
    except CliError as error:
        raise CliError(named_as_given(str(error), file, content)) from None
    # The endpoint documents no response model: its body is a WorkflowOut.
    workflow = WorkflowOut.from_dict(json_module.loads(answer.content))
    if json:
        print_json(workflow)
        return
    done(f"Imported workflow {workflow.name} ({workflow.id}).")
    show_problems(workflow.problems)


def named_as_given(message: str, file: Path, content: bytes) -> str:
    """The studio names the body it read `workflow.yaml` (or `workflow.zip`): say the file the
    user gave instead (inside a zip, `workflow.yaml` is the member's own name)."""
    body = "workflow.zip" if content.startswith(ZIP_MAGIC) else "workflow.yaml"
    return re.sub(rf"(?<![\w./-]){re.escape(body)}(?=:)", lambda _: str(file), message)


@app.command()
def export(
    name: str,
    output: Annotated[Path, typer.Option("--output", "-o", help="FILE.zip or FILE.yaml.")],
) -> None:
    """Export a workflow: a zip of workflow.yaml and its files, or workflow.yaml alone."""
    session = Session.load()
    as_zip = output.suffix.lower() == ".zip"
    answer = session.call(
        studio_export_workflow.sync_detailed,
        workflow_id=workflow_id(session, name),
        format_="zip" if as_zip else "yaml",
    )
    try:
        output.expanduser().write_bytes(answer.content)
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror or error}") from None
    done(f"Exported {name} to {output}.")


@app.command("list")
def list_workflows(json: JsonOption = False, wide: WideOption = False) -> None:
    """The project's workflows with their deployment state."""
    found = list(Session.load().pages(studio_list_workflows.sync_detailed))
    columns = ["name", "deployment", "version", "id", "updated"]
    print_list(found, json, columns, _workflow_row, wide=wide)


def _workflow_row(w: WorkflowSummary) -> tuple[Any, ...]:
    deployment = w.deployment
    return (
        w.name,
        deployment.state if deployment else "",
        deployment.version_number if deployment else "",
        Id(w.id),
        w.updated_at,
    )


@app.command()
def show(name: str, json: JsonOption = False) -> None:
    """A workflow: its trigger, steps, deployment and problems."""
    session = Session.load()
    found = session.get(
        studio_get_workflow.sync_detailed, WorkflowOut, workflow_id=workflow_id(session, name)
    )
    runner = runner_deployment(session, found.id)
    webhook = _webhook(session, runner)
    if json:
        trigger = runner.trigger.to_dict() if runner and runner.trigger else None
        print_json({**found.to_dict(), "webhook_url": webhook, "trigger_state": trigger})
        return
    deployment = found.deployment
    print_fields(
        [
            ("name", found.name),
            ("id", found.id),
            ("description", found.description),
            (
                "trigger",
                getattr(found.trigger, "action", None) or getattr(found.trigger, "kind", None),
            ),
            ("deployment", deployment_line(deployment)),
            ("trigger state", trigger_line(runner)),
            ("webhook", webhook),
            ("updated", found.updated_at),
        ]
    )
    rows = [(s.id, s.action, s.version, ", ".join(s.needs or [])) for s in found.steps]
    print_table(["step", "action", "version", "needs"], rows)
    fires = found.next_fire_times if isinstance(found.next_fire_times, list) else []
    if fires:
        zone = getattr(found.trigger, "timezone", "UTC")
        print_table(["next fire times"], [(f.isoformat(),) for f in fires], title=f"In {zone}")
    show_problems(found.problems)


@app.command()
def logs(
    name: str,
    follow: Annotated[
        bool, typer.Option("--follow", help="Until the trigger is no longer running.")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """The deployed trigger's log: what its source wrote (passwords and secrets masked)."""
    session = Session.load()
    show_deployment_logs(session, workflow_id(session, name), follow, json)


def runner_deployment(session: Session, id_: str) -> RunnerDeploymentOut | None:
    """The runner's deployment of the workflow; None when it never had it (or no runner)."""
    answer = attempt(
        session.url, runner_get_deployment.sync_detailed, client=session.client, workflow_id=id_
    )
    return answer.parsed if isinstance(answer.parsed, RunnerDeploymentOut) else None


def webhook_url(session: Session, id_: str) -> str | None:
    """The public URL that starts a run (POST), once the runner has the workflow; else None."""
    return _webhook(session, runner_deployment(session, id_))


def _webhook(session: Session, deployment: RunnerDeploymentOut | None) -> str | None:
    return session.url.rstrip("/") + deployment.webhook_path if deployment else None


def deployment_line(deployment: StudioDeploymentOut | None) -> str:
    """State and version, and whether a deploy is needed to apply what changed since."""
    if deployment is None:
        return "never deployed"
    line = f"{deployment.state} (version {deployment.version_number})"
    if deployment.changed_since is True:
        line += "; changed since (the workflow, its actions or variables): deploy to apply"
    return line


def show_problems(problems: list[ProblemOut]) -> None:
    if problems:
        rows = [(p.code, p.step, p.input_, p.message) for p in problems]
        print_table(["problem", "step", "input", "message"], rows, title="To fix before deploying")


@app.command()
def errors(name: str, json: JsonOption = False) -> None:
    """What to fix before the workflow can be deployed (nothing: ready)."""
    session = Session.load()
    answer = session.call(studio_get_problems.sync_detailed, workflow_id=workflow_id(session, name))
    problems: list[ProblemOut] = answer.parsed if isinstance(answer.parsed, list) else []
    if json:
        print_json(problems)
    elif problems:
        show_problems(problems)
    else:
        done(f"{name} has no problem: it can be deployed.")


@app.command()
def delete(name: str) -> None:
    """Delete a workflow with its versions and files (undeploy it first)."""
    session = Session.load()
    session.call(studio_delete_workflow.sync_detailed, workflow_id=workflow_id(session, name))
    done(f"Deleted workflow {name}.")


@app.command()
def deploy(name: str, wait: WaitOption = False, json: JsonOption = False) -> None:
    """Freeze a new version and deploy it (replacing the deployed one)."""
    _change(name, studio_deploy.sync_detailed, "Deployed", wait, json)


@app.command()
def undeploy(name: str, wait: WaitOption = False, json: JsonOption = False) -> None:
    """Stop the workflow's trigger (runs in flight finish)."""
    _change(name, studio_undeploy.sync_detailed, "Undeployed", wait, json)


def _change(
    name: str, operation: Callable[..., Response[Any]], goal: str, wait: bool, json: bool
) -> None:
    session = Session.load()
    id_ = workflow_id(session, name)
    state = session.get(operation, StudioDeploymentOut, workflow_id=id_)
    if wait:
        state = wait_for(
            f"{name}: waiting for {goal}…",
            lambda: session.get(
                studio_get_deployment.sync_detailed, StudioDeploymentOut, workflow_id=id_
            ),
            lambda current: current.state in SETTLED,
        )
    if json:
        print_json(state)
    else:
        done(
            f"{name}: version {state.version_number} {state.state}"
            + (f": {state.message}" if state.message else ".")
        )
        webhook = webhook_url(session, id_) if state.state == "Deployed" else None
        if webhook:
            done(f"Webhook: POST {webhook}")
    if wait and state.state != goal:
        raise CliError(f"{name} is {state.state}: {state.message or 'see flowloom workflows show'}")


@app.command()
def versions(name: str, json: JsonOption = False, wide: WideOption = False) -> None:
    """The frozen versions of a workflow, newest first."""
    session = Session.load()
    found = list(
        session.pages(studio_list_versions.sync_detailed, workflow_id=workflow_id(session, name))
    )
    if json:
        print_json(found)
        return
    rows = [(v.number, Id(v.version_id), v.created_at) for v in found]
    print_table(["version", "id", "created"], rows, wide=wide)
