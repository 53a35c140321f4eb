"""`actions`: the actions scans found, their builds and build logs."""

from __future__ import annotations

from typing import Annotated

import typer
from flowloom_sdk.api.repository_actions import repository_get_action, repository_list_actions
from flowloom_sdk.api.repository_builds import (
    repository_build_action,
    repository_build_log,
    repository_build_source,
    repository_get_build,
    repository_list_builds,
)
from flowloom_sdk.models import BuildList, BuildOut, BuildPage, RepositoryActionOut
from flowloom_sdk.types import UNSET

from flowloom.cli.errors import CliError
from flowloom.cli.names import find_action, find_build, find_source, lookup_action
from flowloom.cli.output import (
    Id,
    JsonOption,
    WaitOption,
    WideOption,
    print_fields,
    print_json,
    print_list,
    print_table,
    wait_for,
)
from flowloom.cli.session import Session

ACTION_HELP = "The action: `NAME` (its newest version), `NAME@VERSION`, an id or an id prefix."

app = typer.Typer(help="Actions found in the repositories, and their builds.", no_args_is_help=True)
ENDED = ("Succeeded", "Failed", "Cancelled")


@app.command("list")
def list_actions(
    kind: Annotated[str | None, typer.Option(help="Processor, Publisher or Source.")] = None,
    repo: Annotated[str | None, typer.Option(help="Only this repository's actions.")] = None,
    search: Annotated[str | None, typer.Option(help="Text search.")] = None,
    json: JsonOption = False,
    wide: WideOption = False,
) -> None:
    """Actions of the project's repositories."""
    session = Session.load()
    source_id = UNSET if repo is None else find_source(session, repo).id
    found = list(
        session.pages(
            repository_list_actions.sync_detailed,
            kind=UNSET if kind is None else kind,
            source_id=source_id,
            q=UNSET if search is None else search,
        )
    )
    columns = ["id", "name", "version", "kind", "state", "path", "errors"]
    row = lambda a: (Id(a.id), a.technical_name, a.version, a.kind, a.state, a.path, len(a.errors))  # noqa: E731
    print_list(found, json, columns, row, wide=wide)


@app.command()
def show(
    action: Annotated[str, typer.Argument(help=ACTION_HELP)], json: JsonOption = False
) -> None:
    """An action: definition, inputs and outputs, state and scan errors."""
    session = Session.load()
    chosen = find_action(session, action)
    found = session.get(
        repository_get_action.sync_detailed, RepositoryActionOut, action_id=chosen.id
    )
    if json:
        print_json(found)
        return
    print_fields(
        [
            ("id", found.id),
            ("name", found.technical_name),
            ("version", found.version),
            ("kind", found.kind),
            ("state", found.state),
            ("title", found.human_name),
            ("description", found.description),
            ("path", found.path),
            ("sha", found.sha),
            ("published", found.published),
            ("build", found.current_build_id),
        ]
    )
    for title, items in (("Inputs", found.inputs), ("Outputs", found.outputs)):
        if items:
            io = [(i.name, i.type_, i.optional, i.human_name, i.help_) for i in items]
            print_table(["name", "type", "optional", "title", "help"], io, title=title)
    if found.errors:
        errors = [(e.file, e.line, e.field, e.message) for e in found.errors]
        print_table(["file", "line", "field", "error"], errors, title="Scan errors")


@app.command()
def build(
    action: Annotated[str | None, typer.Argument(help=ACTION_HELP)] = None,
    repo: Annotated[str | None, typer.Option(help="Every buildable action of it.")] = None,
    wait: WaitOption = False,
    json: JsonOption = False,
    wide: WideOption = False,
) -> None:
    """Build an action, or every buildable action of a repository."""
    if (action is None) == (repo is None):
        raise typer.BadParameter("give an action (name or id) or --repo NAME (one of them)")
    session = Session.load()
    if action is not None:
        chosen = find_action(session, action)
        built = session.get(repository_build_action.sync_detailed, BuildOut, action_id=chosen.id)
        builds = [built]
    else:
        source = find_source(session, str(repo))
        builds = session.get(
            repository_build_source.sync_detailed, BuildList, source_id=source.id
        ).items
    if wait and builds:
        builds = wait_for(
            f"building {len(builds)} action(s)…",
            lambda: [
                session.get(repository_get_build.sync_detailed, BuildOut, build_id=b.id)
                for b in builds
            ],
            lambda current: all(b.state in ENDED for b in current),
            interval=1.0,
        )
    if json:
        print_json(builds)
    else:
        print_builds(builds, wide)
    failed = [b for b in builds if b.state in ("Failed", "Cancelled")]
    if failed:
        first = failed[0]
        why = first.error or "see `flowloom actions build-log`"
        raise CliError(f"build {first.id} {first.state.lower()}: {why}")


def print_builds(builds: list[BuildOut], wide: bool) -> None:
    rows = [
        (
            Id(b.id),
            Id(b.action_id),
            b.state,
            b.requested_at,
            b.duration_seconds,
            b.cache_hit,
            b.error,
        )
        for b in builds
    ]
    columns = ["build", "action", "state", "requested", "seconds", "cached", "error"]
    print_table(columns, rows, wide=wide)


@app.command("build-log")
def build_log(
    id_: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="An action (name, NAME@VERSION, id or id prefix: its latest build), or a "
            "build id or id prefix.",
        ),
    ],
) -> None:
    """The builder's log of a build."""
    session = Session.load()
    action = lookup_action(session, id_)
    if action is not None:
        history = session.get(
            repository_list_builds.sync_detailed, BuildPage, action_id=action.id, limit=1
        )
        if not history.items:
            raise CliError(f"action {id_} has never been built")
        build_id = history.items[0].id
    else:
        build_id = find_build(session, id_).id
    log = session.call(repository_build_log.sync_detailed, build_id=build_id)
    typer.echo(log.content.decode(errors="replace"), nl=False)
