"""`flowloom-adm` administration commands: migrate, backup, restore, upgrade, status."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from flowloom.adm.errors import AdmError

if TYPE_CHECKING:
    from flowloom.adm.versions import Migrated

console = Console(stderr=True)

DataDir = Annotated[
    Path, typer.Option(help="Embedded installation: where databases and files live.")
]
Distributed = Annotated[
    bool,
    typer.Option(
        "--distributed",
        help="Act on PostgreSQL, RabbitMQ and S3 named by FLOWLOOM_* settings in the environment.",
    ),
]
PassphraseFile = Annotated[
    Path | None,
    typer.Option(
        help="Embedded: a file whose first line is the passphrase sealing the keys in the "
        "archive (or set FLOWLOOM_BACKUP_PASSPHRASE). Without one, the keys are left out."
    ),
]
DEFAULT_DATA_DIR = Path(".flowloom")


@contextmanager
def _errors() -> Iterator[None]:
    """Every expected failure is one line on stderr and exit status 1, never a traceback."""
    try:
        yield
    except AdmError as error:
        console.print(f"[bold red]error:[/] {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


def _target(data_dir: Path, distributed: bool) -> Any:
    from flowloom.adm import target

    return target.distributed() if distributed else target.embedded(data_dir)


@contextmanager
def _sealing(
    data_dir: Path, distributed: bool, passphrase_file: Path | None
) -> Iterator[tuple[Any, str | None]]:
    """The target and the passphrase sealing the keys in an archive, failures reported as
    `_errors` does."""
    from flowloom.adm.sealed_files import passphrase

    with _errors():
        target = _target(data_dir, distributed)
        yield target, passphrase(passphrase_file)


def _print_migrated(done: list[Migrated]) -> None:
    for step in done:
        change = "already at head" if step.before == step.after else f"{step.before} → {step.after}"
        console.print(f"  {step.service}: {change}")


def migrate(data_dir: DataDir = DEFAULT_DATA_DIR, distributed: Distributed = False) -> None:
    """Bring every service database to the newest schema of the installed code."""
    from flowloom.adm.target import exclusive
    from flowloom.adm.versions import migrate_all, record_versions

    with _errors():
        target = _target(data_dir, distributed)
        with exclusive(target, "migrating"):
            console.print(f"Migrating the {target.mode} installation …")
            _print_migrated(asyncio.run(migrate_all(target)))
            record_versions(target)


def backup(
    output: Annotated[Path, typer.Option("--output", "-o", help="The archive to write.")],
    passphrase_file: PassphraseFile = None,
    data_dir: DataDir = DEFAULT_DATA_DIR,
    distributed: Distributed = False,
) -> None:
    """Archive every database and the object store (works while the platform runs)."""
    from flowloom.adm.backup import backup as run_backup

    with _sealing(data_dir, distributed, passphrase_file) as (target, secret):
        console.print(f"Backing up the {target.mode} installation to {output} …")
        run_backup(target, output, console, passphrase=secret)
        size = output.stat().st_size
        console.print(f"Backup written: {output} ({size} bytes, mode 0600).")


def restore(
    archive: Annotated[Path, typer.Argument(help="An archive written by `backup`.")],
    force: Annotated[
        bool, typer.Option("--force", help="Wipe a non-empty installation first.")
    ] = False,
    passphrase_file: PassphraseFile = None,
    data_dir: DataDir = DEFAULT_DATA_DIR,
    distributed: Distributed = False,
) -> None:
    """Restore an archive into an empty installation (the platform stopped), then migrate."""
    from flowloom.adm.restore import restore as run_restore

    with _sealing(data_dir, distributed, passphrase_file) as (target, secret):
        done = run_restore(target, archive, force=force, console=console, passphrase=secret)
        _print_migrated(done)
        console.print(f"Restored {archive} into the {target.mode} installation.")


def upgrade(
    backup_to: Annotated[
        Path | None,
        typer.Option(help="Where to write the backup taken first (default: DATA/backups/)."),
    ] = None,
    passphrase_file: PassphraseFile = None,
    data_dir: DataDir = DEFAULT_DATA_DIR,
    distributed: Distributed = False,
) -> None:
    """Check versions (no downgrade), back up, then migrate every database."""
    from flowloom.adm.upgrade import upgrade as run_upgrade

    with _sealing(data_dir, distributed, passphrase_file) as (target, secret):
        console.print(f"Upgrading the {target.mode} installation …")
        _print_migrated(run_upgrade(target, backup_to, console, passphrase=secret))
        console.print("Upgraded.")


def status(
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    data_dir: DataDir = DEFAULT_DATA_DIR,
    distributed: Distributed = False,
) -> None:
    """Services, databases, bus, object store and versions; exit 1 when something is down."""
    from flowloom.adm.status import down
    from flowloom.adm.status import status as run_status

    with _errors():
        report = run_status(_target(data_dir, distributed))
        if as_json:
            typer.echo(json.dumps(report, indent=2))
        else:
            _print_status(report)
        if not report["ok"]:
            console.print(f"[bold red]down:[/] {', '.join(down(report))}", highlight=False)
            raise typer.Exit(1)


def _print_status(report: dict[str, Any]) -> None:
    out = Console()
    table = Table("part", "ok", "detail", title=f"Flowloom ({report['mode']})")
    mark: Callable[[bool], str] = lambda ok: "[green]up[/]" if ok else "[red]down[/]"  # noqa: E731
    if "up" in report:
        table.add_row("flowloom-adm up", mark(report["up"]["ok"]), report["up"]["detail"])
    for bus in report["bus"]:
        table.add_row(f"bus {bus['url']}", mark(bus["ok"]), bus["detail"])
    for name, service in report["services"].items():
        table.add_row(f"{name} code", "", service["version"])
        if "database" in service:
            database = service["database"]
            table.add_row(f"{name} database", mark(database["ok"]), database["detail"])
        if "object_store" in service:
            store = service["object_store"]
            table.add_row(f"{name} bucket {store['bucket']}", mark(store["ok"]), store["detail"])
    out.print(table)


keys_app = typer.Typer(help="Rotate the keys of an installation.", no_args_is_help=True)


@keys_app.command("rotate")
def rotate_keys(
    which: Annotated[
        str,
        typer.Argument(
            help="signing: the token signing key; secrets: the keys sealing stored values "
            "(runner values, studio secrets, repository credentials, the signing keys' "
            "key-encryption key); transport: the key sealing project secrets on the bus."
        ),
    ],
    grace: Annotated[
        float,
        typer.Option(
            help="transport: seconds left to the bus to deliver the last messages "
            "sealed under the old key before it is retired."
        ),
    ] = 10.0,
    data_dir: DataDir = DEFAULT_DATA_DIR,
    distributed: Distributed = False,
) -> None:
    """Rotate a key while the platform runs (see docs/security/keys.md)."""
    from flowloom.adm import keys

    say: Callable[[str], None] = lambda line: console.print(line, highlight=False, soft_wrap=True)  # noqa: E731
    with _errors():
        target = _target(data_dir, distributed)
        if target.data_dir is not None and not (target.data_dir / "databases").is_dir():
            raise AdmError(f"no Flowloom installation in {target.data_dir}")
        if which == "signing":
            keys.rotate_signing(target, say)
        elif which == "secrets":
            keys.rotate_secrets(target, say)
        elif which == "transport":
            keys.rotate_transport(target, say, keys.Timing(grace_seconds=grace))
        else:
            raise AdmError(f"unknown key {which!r}: signing, secrets or transport")


def register(app: typer.Typer) -> None:
    for command in (migrate, backup, restore, upgrade, status):
        app.command()(command)
    app.add_typer(keys_app, name="keys")
