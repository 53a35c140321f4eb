"""Console script `flowloom-action-wrapper serve --action-dir DIR --port P [--host H] ...`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from pathlib import Path
from typing import TextIO

import grpc

from flowloom.action_wrapper.archives import MAX_BYTES, MAX_FILES, ExtractionLimits
from flowloom.action_wrapper.cache import ObjectCache
from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2_grpc as pb_grpc
from flowloom.action_wrapper.server import ActionWrapperServicer

log = logging.getLogger("flowloom.action_wrapper")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="flowloom-action-wrapper")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve one action directory over gRPC")
    serve.add_argument("--action-dir", type=Path, required=True)
    listen = serve.add_mutually_exclusive_group(required=True)
    listen.add_argument("--port", type=int, help="TCP port on --host; 0 picks a free one")
    listen.add_argument(
        "--socket", type=Path, help="listen on this Unix socket instead of a TCP port"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument(
        "--grace", type=float, default=10.0, help="seconds a running processor may finish on stop"
    )
    serve.add_argument(
        "--file-cache",
        type=Path,
        help="directory of the host's object cache, shared with the other wrappers (none: off)",
    )
    serve.add_argument(
        "--file-cache-bytes",
        type=int,
        default=1024**3,
        help="bound of the file cache; the least recently used files go beyond it",
    )
    serve.add_argument(
        "--object-store-socket",
        type=Path,
        help="reach the object store's presigned URLs through this Unix socket (a sandbox "
        "without a route to it)",
    )
    serve.add_argument(
        "--directory-max-bytes",
        type=int,
        default=MAX_BYTES,
        help="most bytes a directory input's archive may expand to (counted as written)",
    )
    serve.add_argument(
        "--directory-max-files",
        type=int,
        default=MAX_FILES,
        help="most entries (files and folders) a directory input's archive may hold",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    if not args.action_dir.is_dir():
        sys.exit(f"flowloom-action-wrapper: not a directory: {args.action_dir}")
    # A private copy of stderr: fds 1 and 2 are redirected into the log while user code runs.
    own_stderr = os.fdopen(os.dup(2), "w", buffering=1)
    logging.basicConfig(
        stream=own_stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s"
    )
    try:
        cache = ObjectCache(args.file_cache, args.file_cache_bytes) if args.file_cache else None
        limits = ExtractionLimits(args.directory_max_bytes, args.directory_max_files)
        servicer = ActionWrapperServicer(
            args.action_dir.resolve(),
            cache,
            object_store_socket=args.object_store_socket,
            limits=limits,
        )
        where = f"unix:{args.socket}" if args.socket else address(args.host, args.port)
        asyncio.run(serve(servicer, where, args.grace, own_stderr))
    except OSError as error:
        log.error("%s", error)
        sys.exit(1)


def address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


async def serve(
    servicer: ActionWrapperServicer, where: str, grace: float, ready_to: TextIO
) -> None:
    """Serve on `where` (`HOST:PORT` or `unix:PATH`) until SIGTERM/SIGINT; print
    `ready on HOST:PORT` (the port bound) or `ready on unix:PATH` once listening."""
    server = grpc.aio.server()
    pb_grpc.add_ActionWrapperServicer_to_server(servicer, server)
    try:
        bound = server.add_insecure_port(where)
    except RuntimeError as error:  # grpc reports a failed bind this way
        raise OSError(f"cannot listen on {where}: {error}") from error
    await server.start()
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    ready = where if where.startswith("unix:") else f"{where.rpartition(':')[0]}:{bound}"
    print(f"ready on {ready}", file=ready_to, flush=True)
    await stopping.wait()
    log.info("stopping")
    servicer.stop_source()
    await server.stop(grace)
    servicer.close()
    for signum in (signal.SIGTERM, signal.SIGINT):
        # Closing the loop would restore the default action: a repeated SIGTERM sent while the
        # process exits must not turn a clean stop into a kill.
        loop.remove_signal_handler(signum)
        signal.signal(signum, signal.SIG_IGN)
