"""`repos`: the project's git repositories (sources) and their scans."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from flowloom_sdk.api.repository_scans import (
    repository_get_scan,
    repository_list_scans,
    repository_start_scan,
)
from flowloom_sdk.api.repository_sources import (
    repository_create_source,
    repository_delete_source,
    repository_list_sources,
)
from flowloom_sdk.models import (
    CredentialsIn,
    ScanOut,
    ScanPage,
    ScanRequest,
    SourceCreate,
    SourceOut,
)
from flowloom_sdk.types import UNSET

from flowloom.cli.auth import read_secret
from flowloom.cli.errors import CliError
from flowloom.cli.names import find_source
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
from flowloom.cli.session import Session

app = typer.Typer(help="Git repositories holding actions, and their scans.", no_args_is_help=True)


def credentials(
    username: str | None, password_stdin: bool, ssh_key_file: Path | None
) -> CredentialsIn | None:
    if ssh_key_file is not None:
        if username or password_stdin:
            raise typer.BadParameter("give either --username/--password-stdin or --ssh-key-file")
        try:
            return CredentialsIn(ssh_private_key=ssh_key_file.expanduser().read_text())
        except OSError as error:
            raise CliError(f"cannot read {ssh_key_file}: {error.strerror or error}") from None
    if username is None and not password_stdin:
        return None
    password = read_secret("password or token", password_stdin)
    return CredentialsIn(username=username, password=password)


@app.command()
def add(
    name: str,
    git_url: Annotated[str, typer.Argument(help="https://, ssh://, file:// or user@host:path.")],
    branch: Annotated[
        str | None,
        typer.Option(help="The branch scans read by default; default: the repository's own."),
    ] = None,
    username: Annotated[str | None, typer.Option(help="For https.")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Password or token from stdin.")
    ] = False,
    ssh_key_file: Annotated[Path | None, typer.Option(help="An SSH private key (ssh).")] = None,
    json: JsonOption = False,
) -> None:
    """Add a git repository (credentials are stored encrypted and never shown)."""
    given = credentials(username, password_stdin, ssh_key_file)
    body = SourceCreate(
        name=name, url=git_url, branch=UNSET if branch is None else branch, credentials=given
    )
    source = Session.load().get(repository_create_source.sync_detailed, SourceOut, body=body)
    print_done(source, json, f"Added repository {source.name} ({source.id}).")


@app.command("list")
def list_sources(json: JsonOption = False, wide: WideOption = False) -> None:
    """The project's repositories."""
    sources = list(Session.load().pages(repository_list_sources.sync_detailed))
    columns = ["name", "url", "branch", "credentials", "id"]
    row = lambda s: (s.name, s.url, _branch(s), s.has_credentials, Id(s.id))  # noqa: E731
    print_list(sources, json, columns, row, wide=wide)


@app.command()
def show(name: str, json: JsonOption = False, wide: WideOption = False) -> None:
    """A repository and its latest scans."""
    session = Session.load()
    source = find_source(session, name)
    scans = session.get(repository_list_scans.sync_detailed, ScanPage, source_id=source.id, limit=5)
    if json:
        print_json({**source.to_dict(), "scans": [scan.to_dict() for scan in scans.items]})
        return
    print_fields(
        [
            ("name", source.name),
            ("id", source.id),
            ("url", source.url),
            ("branch", _branch(source)),
            ("credentials", source.has_credentials),
            ("created", source.created_at),
        ]
    )
    print_scans(scans.items, wide)


def _branch(source: SourceOut) -> str:
    return source.default_branch or "(its default, known after a scan)"


def print_scans(scans: list[ScanOut], wide: bool) -> None:
    rows = [(Id(s.id), s.ref, s.state, s.sha, s.started_at, len(s.errors), s.error) for s in scans]
    print_table(["scan", "ref", "state", "sha", "started", "errors", "failure"], rows, wide=wide)


@app.command()
def scan(
    name: str,
    ref: Annotated[
        str | None, typer.Option(help="Branch, tag or commit; default the branch.")
    ] = None,
    wait: WaitOption = False,
    json: JsonOption = False,
) -> None:
    """Scan a repository for actions (`ryax_metadata.yaml`)."""
    session = Session.load()
    source = find_source(session, name)
    # `None` (JSON null), not UNSET: the generated code cannot leave this optional body out.
    body = None if ref is None else ScanRequest(ref=ref)
    found = session.get(
        repository_start_scan.sync_detailed, ScanOut, source_id=source.id, body=body
    )
    if wait:
        found = wait_for(
            f"scanning {source.name}…",
            lambda: session.get(repository_get_scan.sync_detailed, ScanOut, scan_id=found.id),
            lambda s: s.state != "Running",
        )
    if json:
        print_json(found)
    elif not wait:
        done(f"Scan {found.id} started.")
    else:
        done(
            f"Scan {found.id} of {source.name} at {found.ref} ({found.sha or '?'}): {found.state}."
        )
        if found.errors:
            rows = [(e.file, e.line, e.field, e.message) for e in found.errors]
            print_table(["file", "line", "field", "error"], rows, title="Rejected actions")
    if found.state == "Failed":
        raise CliError(f"scan {found.id} failed: {found.error}")


@app.command()
def delete(name: str) -> None:
    """Delete a repository with its scans, actions and builds."""
    session = Session.load()
    source = find_source(session, name)
    session.call(repository_delete_source.sync_detailed, source_id=source.id)
    done(f"Deleted repository {source.name}.")
