"""Files across the boundary: presigned GET/PUT, the host's object cache, directories as zips."""

from __future__ import annotations

import asyncio
import os
import tempfile
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from flowloom.action_wrapper.archives import ExtractionLimits, UnsafeArchive, extract_zip
from flowloom.action_wrapper.cache import ObjectCache
from flowloom.action_wrapper.errors import ExecutionError
from flowloom.action_wrapper.protobuf.action_wrapper.v1 import wrapper_pb2 as pb

CHUNK = 1024 * 1024
TIMEOUT = httpx.Timeout(60.0, connect=10.0)


def http_client(object_store_socket: Path | None = None) -> httpx.AsyncClient:
    """The client presigned URLs are fetched with: direct, or every request through the Unix
    socket the runner forwards to the object store (a sandbox with no route to it). The URL,
    and so the signed `Host`, stays the object store's."""
    transport = (
        httpx.AsyncHTTPTransport(uds=str(object_store_socket)) if object_store_socket else None
    )
    return httpx.AsyncClient(timeout=TIMEOUT, transport=transport)


def safe_name(name: str, fallback: str) -> str:
    """The base name of `name`, never empty, `.` or `..` (file names come from the runner)."""
    base = Path(name.replace("\\", "/")).name
    return base if base not in ("", ".", "..") else fallback


@dataclass
class Transfers:
    """How one execution moves files: the wrapper's HTTP client, the host's object cache (if
    any), the limits of a directory input's archive and the file inputs staged so far
    (resolved path → its state right after staging)."""

    client: httpx.AsyncClient
    cache: ObjectCache | None = None
    limits: ExtractionLimits = field(default_factory=ExtractionLimits)
    staged: dict[Path, StagedInput] = field(default_factory=dict)

    def unchanged_input(self, path: Path) -> StagedInput | None:
        """The staged file input `path` is, if the handler left it exactly as staged."""
        staged = self.staged.get(path.resolve())
        if staged is None or _state(path) != staged.state:
            return None
        return staged


@dataclass(frozen=True)
class StagedInput:
    """A plain file input as staged: (size, mtime in ns, inode)."""

    name: str
    state: tuple[int, int, int]


async def stage(
    transfers: Transfers, input_name: str, ref: pb.FileRef, directory: bool, into: Path
) -> Path:
    """Fetch a file input (or a zipped directory input, extracted) under its original name.

    The host's cache is asked first; on a miss the object store is, and the cache keeps a
    copy for the next step on this host that reads the same object.
    """
    folder = into / input_name
    folder.mkdir(parents=True)
    target = folder / safe_name(ref.name, input_name)
    download = folder / f".{input_name}.zip" if directory else target
    cache = transfers.cache
    if not ref.url:
        download.write_bytes(ref.content)
    elif cache is None or not await asyncio.to_thread(cache.fetch, ref.url, ref.size, download):
        await _download(transfers.client, input_name, ref.url, download)
        if cache is not None:  # the next step on this host that reads it (a trigger's file...)
            await asyncio.to_thread(cache.put, ref.url, download)
    if directory:
        await asyncio.to_thread(_unzip, input_name, download, target, transfers.limits)
    elif ref.url:  # in the object store: a candidate to be handed on unchanged
        transfers.staged[target.resolve()] = StagedInput(input_name, _mark_staged(target))
    return target


def _mark_staged(path: Path) -> tuple[int, int, int]:
    """Date the staged file 2 s back, then take its state: any later write moves its mtime
    (kernel timestamps are coarse: a write right after staging could keep the same one)."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 2_000_000_000))
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


def _state(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns, stat.st_ino


async def upload(
    transfers: Transfers, output_name: str, url: str, path: Path, scratch: Path
) -> pb.FileRef:
    """PUT a file output (a directory output zipped first, in `scratch`) to its presigned URL;
    then keep a copy in the host's cache, for the next step on this host."""
    payload, directory, size = await asyncio.to_thread(_payload, path, scratch)
    try:
        headers = {"Content-Length": str(size)}  # S3 wants a length, not a chunked body
        try:
            response = await transfers.client.put(url, content=_chunks(payload), headers=headers)
        except httpx.HTTPError as error:
            raise ExecutionError(f"output {output_name!r}: upload failed: {error!r}") from error
        if response.is_error:
            raise ExecutionError(
                f"output {output_name!r}: upload failed: HTTP {response.status_code} "
                f"{response.text[:300]}"
            )
        if transfers.cache is not None:
            await asyncio.to_thread(transfers.cache.put, url, payload)
    finally:
        if directory:
            payload.unlink(missing_ok=True)
    return pb.FileRef(url=url, name=path.name, directory=directory, size=size)


def _payload(path: Path, scratch: Path) -> tuple[Path, bool, int]:
    directory = path.is_dir()
    payload = zip_directory(path, scratch) if directory else path
    return payload, directory, payload.stat().st_size


def inline(path: Path, scratch: Path) -> pb.FileRef:
    """A file (or a directory, zipped in `scratch`) with its bytes inside the message."""
    if not path.is_dir():
        content = path.read_bytes()
        return pb.FileRef(name=path.name, content=content, size=len(content))
    archive = zip_directory(path, scratch)
    try:
        content = archive.read_bytes()
    finally:
        archive.unlink(missing_ok=True)
    return pb.FileRef(name=path.name, directory=True, content=content, size=len(content))


def zip_directory(path: Path, scratch: Path) -> Path:
    """Zip a directory into a new archive in `scratch`; members are relative to its root."""
    handle, name = tempfile.mkstemp(suffix=".zip", dir=scratch)
    os.close(handle)
    archive = Path(name)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for root, dirs, files in os.walk(path):
            for name in sorted(dirs):
                zipped.write(Path(root, name), Path(root, name).relative_to(path).as_posix() + "/")
            for name in sorted(files):
                zipped.write(Path(root, name), Path(root, name).relative_to(path).as_posix())
    return archive


async def _download(client: httpx.AsyncClient, input_name: str, url: str, target: Path) -> None:
    try:
        async with client.stream("GET", url) as response:
            if response.is_error:
                await response.aread()
                raise ExecutionError(
                    f"input {input_name!r}: download failed: HTTP {response.status_code}"
                )
            with target.open("wb") as file:
                async for chunk in response.aiter_bytes(CHUNK):
                    file.write(chunk)
    except httpx.HTTPError as error:
        raise ExecutionError(f"input {input_name!r}: download failed: {error!r}") from error


def _unzip(input_name: str, archive: Path, target: Path, limits: ExtractionLimits) -> None:
    try:
        extract_zip(archive, target, limits)
    except UnsafeArchive as error:
        raise ExecutionError(f"input {input_name!r}: refused archive: {error}") from error
    finally:
        archive.unlink(missing_ok=True)


async def _chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            yield chunk
