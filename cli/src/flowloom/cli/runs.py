"""`runs`: start a workflow by hand, list, show, logs, results (files downloaded), cancel."""

from __future__ import annotations

import json as json_module
from io import BytesIO
from pathlib import Path
from typing import Annotated, Any

import typer
from flowloom_sdk.api.runner_runs import (
    runner_cancel_run,
    runner_get_run,
    runner_list_runs,
    runner_start_run,
)
from flowloom_sdk.models import (
    RunnerStartRunFilesRunForm,
    RunnerStartRunJsonRunInputs,
    RunnerStartRunJsonRunInputsInputs,
    RunOut,
    RunStarted,
)
from flowloom_sdk.models.run_state import check_run_state
from flowloom_sdk.types import UNSET, File

from flowloom.cli.errors import CliError
from flowloom.cli.names import workflow_id, workflow_names
from flowloom.cli.output import (
    JsonOption,
    WaitOption,
    done,
    print_fields,
    print_json,
    print_table,
    wait_for,
)
from flowloom.cli.run_files import download_results
from flowloom.cli.run_logs import show_logs
from flowloom.cli.session import Session

app = typer.Typer(help="Runs of deployed workflows.", no_args_is_help=True)
ENDED = ("Completed", "Error", "Canceled")
# `runs start --wait`: how long the runner holds the start's answer until the run ends; below
# the client's 60 s read timeout.
START_WAIT_S = 50.0


def pairs(values: list[str], option: str) -> list[tuple[str, str]]:
    """`NAME=VALUE` options, in order."""
    found = []
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name:
            raise typer.BadParameter(f"{value!r}: use NAME=VALUE", param_hint=option)
        found.append((name, rest))
    return found


def typed(text: str) -> Any:
    """A JSON value when the text is one (`30`, `true`, `[1]`), else the text itself."""
    try:
        return json_module.loads(text)
    except ValueError:
        return text


def request_body(
    inputs: list[tuple[str, str]], files: list[tuple[str, str]]
) -> RunnerStartRunJsonRunInputs | RunnerStartRunFilesRunForm:
    """JSON with typed values, or a form when files are sent (values as text, read by type)."""
    if not files:
        values = RunnerStartRunJsonRunInputsInputs()
        values.additional_properties = {name: typed(text) for name, text in inputs}
        return RunnerStartRunJsonRunInputs(inputs=values)
    form = RunnerStartRunFilesRunForm()
    for name, text in inputs:  # a part without a file name is a plain form field
        form[name] = File(payload=BytesIO(text.encode()))
    for name, path in files:
        try:
            content = Path(path).expanduser().read_bytes()
        except OSError as error:
            raise CliError(f"cannot read {path}: {error.strerror or error}") from None
        form[name] = File(payload=BytesIO(content), file_name=Path(path).name)
    return form


@app.command()
def start(
    workflow: Annotated[str, typer.Argument(help="The workflow's name.")],
    input_: Annotated[
        list[str] | None,
        typer.Option("--input", "-i", help="NAME=VALUE; VALUE is JSON or else text."),
    ] = None,
    file: Annotated[
        list[str] | None, typer.Option("--file", "-f", help="NAME=PATH: a file input.")
    ] = None,
    wait: WaitOption = False,
    json: JsonOption = False,
) -> None:
    """Start a run of a deployed workflow with the trigger's outputs given here."""
    body = request_body(pairs(input_ or [], "--input"), pairs(file or [], "--file"))
    session = Session.load()
    id_ = workflow_id(session, workflow)
    started = session.get(
        runner_start_run.sync_detailed,
        RunStarted,
        workflow_id=id_,
        body=body,
        wait=START_WAIT_S if wait else UNSET,
    )
    if not wait:
        if json:
            print_json(started)
        else:
            done(f"Started run {started.run_id}.")
        return
    # The runner answered once the run ended, or after START_WAIT_S: only a longer run polls.
    run = wait_for(
        f"run {started.run_id} is running…",
        lambda: session.get(runner_get_run.sync_detailed, RunOut, run_id=started.run_id),
        lambda run: run.state in ENDED,
    )
    show_run(run, {id_: workflow}, json)
    if run.state != "Completed":
        raise CliError(f"run {run.id} ended {run.state}: {run.error or 'see flowloom runs show'}")


@app.command("list")
def list_runs(
    workflow: Annotated[str | None, typer.Option(help="Only this workflow's runs.")] = None,
    state: Annotated[
        str | None, typer.Option(help="Running, Completed, Error or Canceled.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=500, help="At most this many.")] = 50,
    json: JsonOption = False,
) -> None:
    """Runs, newest first."""
    session = Session.load()
    names = workflow_names(session)
    id_ = UNSET if workflow is None else workflow_id(session, workflow)
    try:
        wanted = UNSET if state is None else check_run_state(state)
    except TypeError:
        raise typer.BadParameter(f"{state!r}: use {', '.join(ENDED)} or Running") from None
    page = session.call(runner_list_runs.sync_detailed, workflow_id=id_, state=wanted, limit=limit)
    runs = page.parsed.items if page.parsed is not None else []
    if json:
        print_json(runs)
        return
    rows = [
        (
            r.id,
            names.get(r.workflow_id, r.workflow_id),
            r.state,
            r.trigger_source,
            r.created_at,
            r.ended_at,
            r.error,
        )
        for r in runs
    ]
    print_table(["run", "workflow", "state", "trigger", "created", "ended", "error"], rows)


@app.command()
def show(run: str, json: JsonOption = False) -> None:
    """A run: state, timings, results and each step's execution."""
    session = Session.load()
    found = session.get(runner_get_run.sync_detailed, RunOut, run_id=run)
    show_run(found, workflow_names(session) if not json else {}, json)


def show_run(run: RunOut, names: dict[str, str], json: bool) -> None:
    if json:
        print_json(run)
        return
    print_fields(
        [
            ("run", run.id),
            ("workflow", names.get(run.workflow_id, run.workflow_id)),
            ("state", run.state),
            ("trigger", run.trigger_source),
            ("created", run.created_at),
            ("ended", run.ended_at),
            ("error", run.error),
        ]
    )
    rows = [
        (e.step_id, e.state, e.attempt, e.started_at, e.ended_at, e.message, e.id)
        for e in run.executions
    ]
    print_table(["step", "state", "attempt", "started", "ended", "message", "execution"], rows)
    results = run.results.additional_properties
    if results:
        shown = [(name, v.type_, "***" if v.secret else v.value) for name, v in results.items()]
        print_table(["result", "type", "value"], shown)


@app.command()
def logs(
    run: str,
    step: Annotated[str | None, typer.Option(help="Only this step's log.")] = None,
    follow: Annotated[bool, typer.Option("--follow", help="Until the run has ended.")] = False,
    json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """The log lines of a run's executions (user code's stdout and stderr)."""
    show_logs(Session.load(), run, step, follow, json)


@app.command()
def results(
    run: str,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Download the files into this folder.")
    ] = None,
    json: JsonOption = False,
) -> None:
    """The workflow's results of a Completed run; files are downloaded with `-o DIR`."""
    download_results(Session.load(), run, output, json)


@app.command()
def cancel(run: str, json: JsonOption = False) -> None:
    """Cancel a run: running executions stop, pending ones never start."""
    session = Session.load()
    found = session.get(runner_cancel_run.sync_detailed, RunOut, run_id=run)
    if json:
        print_json(found)
    else:
        done(f"Run {found.id} is {found.state}.")
