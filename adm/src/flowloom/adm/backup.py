"""`backup`: every service database, then the files and objects they point to, in one archive."""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from flowloom.adm import databases
from flowloom.adm.archive import (
    ArchiveWriter,
    BucketEntry,
    DatabaseEntry,
    Manifest,
    ServiceEntry,
)
from flowloom.adm.errors import AdmError
from flowloom.adm.objects import Bucket, ObjectGone
from flowloom.adm.target import Target, object_store

# Embedded files that belong to the installation (the rest of the data dir is caches, the
# object store's own files, which travel through S3 instead, and earlier backups).
KEPT_FILES = ("keys", "admin-password")


def backup(target: Target, output: Path, console: Console, *, locked: bool = False) -> Manifest:
    """Write the archive at `output`. Works while the platform runs: see the README's
    consistency argument (databases first, objects after). `locked`: the caller holds the
    data dir's lock (no `up` runs)."""
    if target.data_dir is not None and not (target.data_dir / "databases").is_dir():
        raise AdmError(f"no Flowloom installation in {target.data_dir}: nothing to back up")
    with object_store(target, locked=locked) as live:
        writer = ArchiveWriter(output)
        try:
            manifest = Manifest(live.mode, datetime.now(UTC).isoformat(timespec="seconds"))
            for service in live.services:
                manifest.services[service.name] = ServiceEntry(service.spec.version())
            _databases(live, writer, manifest, console)
            _files(live, writer, console)
            _objects(live, writer, manifest, console)
            writer.finish(manifest)
        except BaseException:
            writer.abort()
            raise
    return manifest


def _databases(target: Target, writer: ArchiveWriter, manifest: Manifest, console: Console) -> None:
    with tempfile.TemporaryDirectory(prefix="flowloom-backup-") as scratch:
        for service in target.databases:
            url = service.database_url
            assert url is not None
            member = f"databases/{service.name}.{databases.dump_extension(url)}"
            dump = Path(scratch) / member.replace("/", "_")
            state = asyncio.run(databases.dump(url, dump))
            writer.add_file(member, dump)
            dump.unlink()
            engine = "sqlite" if databases.is_sqlite(url) else "postgresql"
            entry = DatabaseEntry(member, engine, state.revision, state.rows)
            manifest.services[service.name].database = entry
            rows = sum(n for t, n in state.rows.items() if t != databases.VERSION_TABLE)
            console.print(f"  database {service.name}: revision {state.revision}, {rows} rows")


def _files(target: Target, writer: ArchiveWriter, console: Console) -> None:
    if target.data_dir is None:
        return
    for name in KEPT_FILES:
        root = target.data_dir / name
        paths = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in paths:
            if path.is_file():
                writer.add_file(f"files/{path.relative_to(target.data_dir).as_posix()}", path)
                console.print(f"  file {path.relative_to(target.data_dir)}")


def _objects(target: Target, writer: ArchiveWriter, manifest: Manifest, console: Console) -> None:
    with Progress(console=console, transient=True) as progress:
        for service in target.buckets:
            assert service.s3 is not None
            assert service.bucket is not None
            bucket = Bucket(service.s3, service.bucket)
            entry = BucketEntry(service.bucket)
            task = progress.add_task(f"objects of {service.name}", total=None)
            for found in bucket.objects():
                try:
                    with bucket.open(found.key) as (size, stream):
                        writer.add_stream(f"objects/{service.name}/{found.key}", stream, size)
                except ObjectGone:
                    continue  # deleted since listed: its rows were deleted before it
                entry.objects, entry.bytes = entry.objects + 1, entry.bytes + size
                progress.advance(task)
            progress.remove_task(task)
            manifest.services[service.name].bucket = entry
            console.print(
                f"  bucket {service.bucket}: {entry.objects} objects, {entry.bytes} bytes"
            )
