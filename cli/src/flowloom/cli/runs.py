"""`runs`: start a workflow by hand, list, show, logs, results (files downloaded), cancel."""

from __future__ import annotations

import json as json_module
import os
import tempfile
import textwrap
import zipfile
from io import BytesIO
from pathlib import Path
from typing import Annotated, Any, BinaryIO

import typer
from flowloom_sdk.api.runner_runs import (
    runner_cancel_run,
    runner_get_run,
    runner_list_runs,
    runner_start_run,
)
from flowloom_sdk.models import (
    ArtefactOut,
    ExecutionOut,
    RunnerStartRunFilesRunForm,
    RunnerStartRunJsonRunInputs,
    RunnerStartRunJsonRunInputsInputs,
    RunOut,
    RunStarted,
    RunSummary,
)
from flowloom_sdk.models.run_state import check_run_state
from flowloom_sdk.types import UNSET, File

from flowloom.cli.errors import CliError
from flowloom.cli.names import find_run, workflow_id, workflow_names
from flowloom.cli.output import (
    Id,
    JsonOption,
    WaitOption,
    WideOption,
    done,
    print_done,
    print_fields,
    print_json,
    print_list,
    print_table,
    wait_for,
)
from flowloom.cli.run_files import download_results
from flowloom.cli.run_logs import show_logs
from flowloom.cli.session import Session

app = typer.Typer(help="Runs of deployed workflows.", no_args_is_help=True)
RunArgument = Annotated[str, typer.Argument(help="The run's id, or a unique prefix of it.")]
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
        form[name] = file_part(Path(path).expanduser(), path)
    return form


def file_part(path: Path, given: str) -> File:
    """A file as it is; a directory zipped (a directory input travels as a zip archive)."""
    try:
        if path.is_dir():
            return File(payload=zipped(path), file_name=f"{path.resolve().name}.zip")
        return File(payload=BytesIO(path.read_bytes()), file_name=path.name)
    except OSError as error:
        raise CliError(f"cannot read {given}: {error.strerror or error}") from None


def zipped(folder: Path) -> BinaryIO:
    """`folder`'s files (links followed) in a zip spooled to a temporary file, names relative."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (the form reads it, then it goes)
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                member = Path(root) / name
                archive.write(member, member.relative_to(folder).as_posix())
    spool.seek(0)
    return spool


@app.command()
def start(
    workflow: Annotated[str, typer.Argument(help="The workflow's name.")],
    input_: Annotated[
        list[str] | None,
        typer.Option("--input", "-i", help="NAME=VALUE; VALUE is JSON or else text."),
    ] = None,
    file: Annotated[
        list[str] | None,
        typer.Option("--file", "-f", help="NAME=PATH: a file input (a directory is zipped)."),
    ] = None,
    wait: WaitOption = False,
    json: JsonOption = False,
    wide: WideOption = False,
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
        if json:  # the run as `runs show --json` prints it, as with --wait
            print_json(session.get(runner_get_run.sync_detailed, RunOut, run_id=started.run_id))
        else:
            done(f"Started run {started.run_id}.")
        return
    # The runner answered once the run ended, or after START_WAIT_S: only a longer run polls.
    run = wait_for(
        f"run {started.run_id} is running…",
        lambda: session.get(runner_get_run.sync_detailed, RunOut, run_id=started.run_id),
        lambda run: run.state in ENDED,
    )
    show_run(run, {id_: workflow}, json, wide)
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
    wide: WideOption = False,
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
    columns = ["run", "workflow", "state", "trigger", "created", "ended", "error"]
    print_list(runs, json, columns, lambda r: _run_row(r, names), wide=wide)


def _run_row(r: RunSummary, names: dict[str, str]) -> tuple[Any, ...]:
    workflow = names.get(r.workflow_id, r.workflow_id)
    return (Id(r.id), workflow, r.state, r.trigger_source, r.created_at, r.ended_at, r.error)


@app.command()
def show(run: RunArgument, json: JsonOption = False, wide: WideOption = False) -> None:
    """A run: state, timings, results and each step's execution."""
    session = Session.load()
    found = find_run(session, run)
    show_run(found, workflow_names(session) if not json else {}, json, wide)


def build(execution: ExecutionOut) -> str:
    """The build a step ran on: the first 12 hex digits of its artefact's digest (as image
    tools show one; cut like an id unless --wide; `--json` has it whole), else the action's
    version."""
    artefact = execution.artefact
    if not isinstance(artefact, ArtefactOut):
        return ""
    digest = artefact.digest if isinstance(artefact.digest, str) else ""
    return Id(digest.removeprefix("sha256:")[:12]) if digest else artefact.version


def show_run(run: RunOut, names: dict[str, str], json: bool, wide: bool = False) -> None:
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
        (e.step_id, e.state, e.attempt, e.started_at, e.ended_at, e.message, build(e), Id(e.id))
        for e in run.executions
    ]
    columns = ["step", "state", "attempt", "started", "ended", "message", "build", "execution"]
    print_table(columns, rows, wide=wide)
    for execution in run.executions:
        if execution.state == "Error":
            print_failure(execution)
    results = run.results.additional_properties
    if results:
        shown = [(name, v.type_, "***" if v.secret else v.value) for name, v in results.items()]
        print_table(["result", "type", "value"], shown)


def print_failure(execution: ExecutionOut) -> None:
    """Under the table: how many attempts a failed step had, and its last one's traceback
    (where the user code raised), else the last attempt's error."""
    count = execution.attempt  # the number of the last attempt: how many were started
    if count == 0 or not execution.attempts:
        return  # failed before it ever ran (an input, a condition): the table says why
    done(f"\nstep {execution.step_id} failed after {count} attempt{'s' if count != 1 else ''}")
    last = execution.attempts[-1]
    if last.traceback:
        done(f"traceback of attempt {last.number}:")
        done(textwrap.indent(last.traceback.rstrip("\n"), "  "))
    elif last.error:
        done(f"attempt {last.number}: {last.error}")


@app.command()
def logs(
    run: RunArgument,
    step: Annotated[str | None, typer.Option(help="Only this step's log.")] = None,
    attempt: Annotated[
        int | None,
        typer.Option(min=1, help="Only the lines of this attempt of each step (1 for the first)."),
    ] = None,
    follow: Annotated[bool, typer.Option("--follow", help="Until the run has ended.")] = False,
    json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """The log lines of a run's executions (user code's stdout and stderr), each prefixed
    with its step (and `#N` for the lines of a retry, attempt N)."""
    session = Session.load()
    show_logs(session, find_run(session, run).id, step, follow, json, attempt)


@app.command()
def results(
    run: RunArgument,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Download the files into this folder.")
    ] = None,
    json: JsonOption = False,
) -> None:
    """The workflow's results of a Completed run; files are downloaded with `-o DIR`."""
    session = Session.load()
    download_results(session, find_run(session, run).id, output, json)


@app.command()
def cancel(run: RunArgument, json: JsonOption = False) -> None:
    """Cancel a run: running executions stop, pending ones never start."""
    session = Session.load()
    run_id = find_run(session, run).id
    found = session.get(runner_cancel_run.sync_detailed, RunOut, run_id=run_id)
    print_done(found, json, f"Run {found.id} is {found.state}.")
