"""A per-host cache of object contents, shared by the wrappers of one runner (stdlib only)."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
STALE_TEMP_SECONDS = 3600.0  # a temp file this old was left by a writer that died


def object_key(url: str) -> str:
    """The cache file name of an object: a hash of its URL without the query string.

    A presigned GET and a presigned PUT of one object differ only in their query string.
    """
    parts = urlsplit(url)
    return hashlib.sha256(f"{parts.scheme}://{parts.netloc}{parts.path}".encode()).hexdigest()


class ObjectCache:
    """Object contents by URL in `directory`, the least recently used evicted past `max_bytes`.

    Several wrapper processes share the directory: every file is written to a temp name and
    renamed into place, so a reader sees a whole file or none; a file that disappears (evicted
    by another process) is a miss. Cache files are never handed out, only copied. Problems of
    the cache itself are logged and count as misses: the object store stays the reference.
    """

    def __init__(self, directory: Path, max_bytes: int) -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        directory.mkdir(parents=True, exist_ok=True)

    def put(self, url: str, path: Path) -> None:
        """Keep a copy of `path` as the content of `url` (after a successful upload or download).

        When it cannot be kept, an older copy of `url` (a previous attempt's upload to the same
        key) is removed: the cache never answers with content the store no longer holds.
        """
        cached = self.directory / object_key(url)
        try:
            if path.stat().st_size > self.max_bytes:
                cached.unlink(missing_ok=True)
                return
            temp = self.directory / f".tmp-{os.getpid()}-{uuid.uuid4().hex}"
            try:
                shutil.copyfile(path, temp)
                os.replace(temp, cached)
            finally:
                temp.unlink(missing_ok=True)
            self.evict()
        except OSError as error:
            log.warning("file cache: cannot keep %s: %s", path.name, error)
            with contextlib.suppress(OSError):
                cached.unlink(missing_ok=True)

    def fetch(self, url: str, size: int, into: Path) -> bool:
        """Copy the content of `url` to `into` if cached (and of `size` bytes when size > 0)."""
        cached = self.directory / object_key(url)
        try:
            with cached.open("rb") as source:  # an opened file survives its replacement
                if size > 0 and os.fstat(source.fileno()).st_size != size:
                    return False
                with into.open("wb") as target:
                    shutil.copyfileobj(source, target, CHUNK)
        except FileNotFoundError:
            into.unlink(missing_ok=True)
            return False
        except OSError as error:
            log.warning("file cache: cannot read %s: %s", cached.name, error)
            into.unlink(missing_ok=True)
            return False
        with contextlib.suppress(OSError):  # evicted meanwhile: the copy stands
            os.utime(cached)  # recently used
        return True

    def evict(self) -> None:
        """Remove the least recently used files until the total is within `max_bytes`."""
        entries: list[tuple[int, int, Path]] = []
        now = time.time()
        with os.scandir(self.directory) as found:
            for entry in found:
                try:
                    stat = entry.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue
                if entry.name.startswith(".tmp-"):
                    if now - stat.st_mtime > STALE_TEMP_SECONDS:
                        Path(entry.path).unlink(missing_ok=True)
                    continue
                entries.append((stat.st_mtime_ns, stat.st_size, Path(entry.path)))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
