"""The backup archive: a gzip'd tar of dumps, objects and files, with `manifest.json` last."""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from flowloom.adm.errors import AdmError

FORMAT = "flowloom-backup"
# 2: the keys travel sealed under a passphrase (`sealed_files`), or not at all.
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


@dataclass(slots=True)
class DatabaseEntry:
    member: str
    engine: str  # "sqlite" or "postgresql"
    revision: str | None
    rows: dict[str, int]


@dataclass(slots=True)
class BucketEntry:
    name: str
    objects: int = 0
    bytes: int = 0


@dataclass(slots=True)
class ServiceEntry:
    version: str
    database: DatabaseEntry | None = None
    bucket: BucketEntry | None = None


@dataclass(slots=True)
class Manifest:
    """What an archive holds; `files` maps every other member to its sha256 and size."""

    mode: str
    created_at: str
    services: dict[str, ServiceEntry] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Embedded: {"sealed": whether the keys are in the archive, "fingerprints": key file →
    # fingerprints of its keys}; None in distributed archives and in format 1 (keys in clear).
    keys: dict[str, Any] | None = None
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, content: bytes) -> Manifest:
        try:
            raw = json.loads(content)
            if raw.get("format") != FORMAT:
                raise AdmError("not a Flowloom backup (its manifest has another format)")
            if int(raw["format_version"]) > FORMAT_VERSION:
                raise AdmError(
                    f"archive format {raw['format_version']} is newer than this flowloom-adm "
                    f"reads ({FORMAT_VERSION}): upgrade flowloom-adm first"
                )
            services = {name: _service(entry) for name, entry in raw["services"].items()}
            keys = raw.get("keys")
            return cls(raw["mode"], raw["created_at"], services, dict(raw["files"]), keys)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise AdmError(f"the archive's manifest is malformed: {error!r}") from None


def _service(raw: dict[str, Any]) -> ServiceEntry:
    database = raw.get("database")
    bucket = raw.get("bucket")
    return ServiceEntry(
        str(raw["version"]),
        DatabaseEntry(**database) if database else None,
        BucketEntry(**bucket) if bucket else None,
    )


@dataclass(eq=False)
class _Hashing:
    """A read-only stream that hashes and counts what passes through it."""

    inner: IO[bytes]
    sha256: hashlib._Hash = field(init=False, default_factory=hashlib.sha256)
    size: int = field(init=False, default=0)

    def read(self, size: int = -1) -> bytes:
        chunk = self.inner.read(size)
        self.sha256.update(chunk)
        self.size += len(chunk)
        return chunk


class ArchiveWriter:
    """Writes `<path>.partial` (mode 0600: it holds secrets), renamed to `path` when complete."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._partial = path.with_name(path.name + ".partial")
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self._partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)
        self._file = os.fdopen(descriptor, "wb")
        self._tar = tarfile.open(  # noqa: SIM115 - open for the writer's life, closed in finish
            fileobj=self._file, mode="w|gz", format=tarfile.PAX_FORMAT
        )
        self.files: dict[str, dict[str, Any]] = {}

    def add_stream(self, name: str, stream: IO[bytes], size: int) -> None:
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(time.time()), 0o600
        hashing = _Hashing(stream)
        self._tar.addfile(info, hashing)
        if hashing.size != size:
            raise AdmError(f"{name} changed size while being archived")
        self.files[name] = {"sha256": hashing.sha256.hexdigest(), "size": size}

    def add_file(self, name: str, path: Path) -> None:
        with path.open("rb") as stream:
            self.add_stream(name, stream, path.stat().st_size)

    def finish(self, manifest: Manifest) -> None:
        manifest.files = dict(self.files)
        content = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mtime, info.mode = len(content), int(time.time()), 0o600
        self._tar.addfile(info, _Bytes(content))
        self._tar.close()
        self._file.close()
        self._partial.replace(self.path)

    def abort(self) -> None:
        try:
            self._tar.close()
        finally:
            self._file.close()
            self._partial.unlink(missing_ok=True)


@dataclass(eq=False)
class _Bytes:
    content: bytes
    _at: int = field(init=False, default=0)

    def read(self, size: int = -1) -> bytes:
        end = len(self.content) if size < 0 else self._at + size
        chunk, self._at = self.content[self._at : end], min(end, len(self.content))
        return chunk


def verify(path: Path) -> Manifest:
    """Read the whole archive once: its manifest, and every member against its checksum."""
    return verified(path)[0]


def verified(path: Path, keep: tuple[str, ...] = ()) -> tuple[Manifest, dict[str, bytes]]:
    """`verify`, also returning the content of the (small) members named in `keep`."""
    manifest: Manifest | None = None
    seen: dict[str, str] = {}
    kept: dict[str, bytes] = {}
    with readable(path):
        for info, stream in members(path):
            if info.name == MANIFEST:
                manifest = Manifest.from_json(stream.read())
                continue
            digest = hashlib.sha256()
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
                if info.name in keep:
                    kept[info.name] = kept.get(info.name, b"") + chunk
            seen[info.name] = digest.hexdigest()
    if manifest is None:
        raise AdmError(f"{path} has no {MANIFEST}: not a complete Flowloom backup")
    for name, entry in manifest.files.items():
        if name not in seen:
            raise AdmError(f"{path} is corrupted: {name} is missing")
        if seen[name] != entry["sha256"]:
            raise AdmError(f"{path} is corrupted: the checksum of {name} does not match")
    extra = sorted(set(seen) - set(manifest.files))
    if extra:
        raise AdmError(f"{path} is corrupted: {extra[0]} is not in the manifest")
    return manifest, kept


@contextmanager
def readable(path: Path) -> Iterator[None]:
    """Reading a damaged archive (here or in the streams of `members`) is one clear error."""
    try:
        yield
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise AdmError(f"{path} is not a readable Flowloom backup: {error}") from None


def members(path: Path) -> Iterator[tuple[tarfile.TarInfo, IO[bytes]]]:
    """Every regular member with a stream of its content, in archive order (streamed); read
    them inside `readable(path)`."""
    if not path.is_file():
        raise AdmError(f"no archive at {path}")
    with readable(path), tarfile.open(path, mode="r|gz") as tar:
        for info in tar:
            if not info.isfile():
                raise AdmError(f"{path} holds an unexpected member {info.name!r}")
            stream = tar.extractfile(info)
            assert stream is not None
            yield info, stream
