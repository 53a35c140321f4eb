"""`flowloom-adm`: run and administer a Flowloom installation."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from flowloom.adm.embedded import Installation, service_apps
from flowloom.adm.gateway import Gateway
from flowloom.servicekit.seaweed import SeaweedServer

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
) -> None:
    """Start the whole platform in one process (embedded mode) until Ctrl-C."""
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    for chatty in ("alembic.runtime.plugins", "httpx"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    objectstore = SeaweedServer(data_dir, s3_port=s3_port)
    console.print(f"Starting the object store in {data_dir / 'objectstore'} …")
    s3 = objectstore.start()
    try:
        installation = Installation(data_dir=data_dir, origin=f"http://{host}:{port}", s3=s3)
        gateway = Gateway(service_apps(installation))
        console.print(f"Flowloom on [bold]{installation.origin}[/] (data in {data_dir})")
        config = uvicorn.Config(gateway, host=host, port=port, log_level=log_level, lifespan="on")
        uvicorn.Server(config).run()
    except KeyboardInterrupt:
        pass  # uvicorn re-raises Ctrl-C after its clean shutdown: stopping is the normal end
    finally:
        console.print("Stopping the object store …")
        objectstore.stop()
