"""The one way out of a sandbox without the host's network: a Unix socket piped to the object
store's endpoint, so that wrappers still fetch and upload their presigned URLs.

Only the object store is reached this way, and it checks every request's signature: a wrapper
can do with the socket exactly what its presigned URLs allow. The bytes pass through untouched
(TLS included, for an `https` store), so the signed `Host` header stays valid.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger(__name__)
CHUNK = 256 * 1024


class ObjectStoreForwarder:
    """Listens on `path` (mode 0666: the sandboxes' user connects) and pipes each connection
    to the object store's host and port."""

    def __init__(self, url: str, path: Path) -> None:
        parts = urlsplit(url)
        if not parts.hostname:
            raise ValueError(f"not an object store URL: {url!r}")
        self._host = parts.hostname
        self._port = parts.port or (443 if parts.scheme == "https" else 80)
        self.path = path
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_unix_server(self._accept, path=str(self.path))
        os.chmod(self.path, 0o666)  # noqa: S103 - reachable only where it is bound in

    async def close(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            try:
                upstream_reader, upstream_writer = await asyncio.open_connection(
                    self._host, self._port
                )
            except OSError as error:
                log.warning("object store %s:%d unreachable: %s", self._host, self._port, error)
                return
            try:
                await asyncio.gather(_pipe(reader, upstream_writer), _pipe(upstream_reader, writer))
            finally:
                upstream_writer.close()
        finally:
            writer.close()
            self._connections.discard(task)


async def _pipe(source: asyncio.StreamReader, target: asyncio.StreamWriter) -> None:
    """Copy until the end of `source`, then half-close `target` (HTTP reads to the end)."""
    try:
        while chunk := await source.read(CHUNK):
            target.write(chunk)
            await target.drain()
        if target.can_write_eof():
            target.write_eof()
    except (ConnectionError, OSError):
        target.close()
