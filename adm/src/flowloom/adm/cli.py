"""`flowloom-adm`: run and administer a Flowloom installation."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from flowloom.adm import commands
from flowloom.adm.embedded import Installation, sandbox_warning, service_apps
from flowloom.adm.errors import AdmError
from flowloom.adm.gateway import Gateway
from flowloom.adm.running import UpLock
from flowloom.adm.seaweed import S3Endpoint, SeaweedServer
from flowloom.adm.webui import WebUi, default_directory

app = typer.Typer(help="Run and administer a Flowloom installation.", no_args_is_help=True)
console = Console(stderr=True)


@app.callback()
def main() -> None:
    """Flowloom administration."""


@app.command()
def up(
    data_dir: Annotated[Path, typer.Option(help="Where databases and files live.")] = Path(
        ".flowloom"
    ),
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="HTTP port of the single origin.")] = 8080,
    s3_port: Annotated[int, typer.Option(help="Port of the bundled S3 (0: any free).")] = 0,
    log_level: Annotated[str, typer.Option(help="debug, info, warning, error.")] = "info",
    webui_dir: Annotated[
        Path | None,
        typer.Option(
            help="The built web UI served at / (default: the repository's webui/dist/…/browser).",
            envvar="FLOWLOOM_WEBUI_DIR",
        ),
    ] = None,
) -> None:
    """Start the whole platform in one process (embedded mode) until Ctrl-C."""
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    for chatty in ("alembic.runtime.plugins", "httpx"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    # The lock tells backup/restore/status that the platform runs, and where its S3 answers.
    lock = UpLock(data_dir)
    try:
        lock.acquire()
    except AdmError as error:
        console.print(f"[bold red]error:[/] {error}", highlight=False)
        raise typer.Exit(1) from None
    if warning := sandbox_warning():
        console.print(f"[bold red]WARNING:[/] {warning}", highlight=False)
    objectstore = SeaweedServer(data_dir, s3_port=s3_port)
    try:
        s3 = _start_object_store(objectstore, data_dir)
    except BaseException as error:
        lock.release()
        if isinstance(error, RuntimeError):
            console.print(f"[bold red]error:[/] {error}", highlight=False)
            raise typer.Exit(1) from None
        raise
    try:
        installation = Installation(data_dir=data_dir, origin=f"http://{host}:{port}", s3=s3)
        lock.record(installation.origin, s3.url)
        webui = WebUi(webui_dir or default_directory())
        if not webui.built:
            console.print("[yellow]The web UI is not built[/]: `make webui` builds it.")
        gateway = Gateway(service_apps(installation), webui)
        console.print(f"Flowloom on [bold]{installation.origin}[/] (data in {data_dir})")
        config = uvicorn.Config(
            gateway, host=host, port=port, log_level=log_level, lifespan="on",
            proxy_headers=False,  # the front door: the TCP peer is the client
        )  # fmt: skip
        uvicorn.Server(config).run()
    except KeyboardInterrupt:
        pass  # uvicorn re-raises Ctrl-C after its clean shutdown: stopping is the normal end
    finally:
        console.print("Stopping the object store …")
        objectstore.stop()
        lock.release()


def _start_object_store(objectstore: SeaweedServer, data_dir: Path) -> S3Endpoint:
    """Stop the object store an earlier `up` of this data dir left running (it was killed
    before it could stop it), then start ours."""
    stale = objectstore.stop_stale()
    if stale is not None:
        console.print(f"Stopped the object store (pid {stale}) a previous `up` left running.")
    console.print(f"Starting the object store in {data_dir / 'objectstore'} …")
    return objectstore.start()


commands.register(app)
