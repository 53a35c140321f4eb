"""`backup`: every service database, then the files and objects they point to, in one archive."""

from __future__ import annotations

import asyncio
import io
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from flowloom.adm import databases, sealed_files
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
from flowloom.servicekit.keys import fingerprint


def backup(
    target: Target,
    output: Path,
    console: Console,
    *,
    locked: bool = False,
    passphrase: str | None = None,
) -> Manifest:
    """Write the archive at `output`. Works while the platform runs: see the README's
    consistency argument (databases first, objects after). `locked`: the caller holds the
    data dir's lock (no `up` runs). Embedded: the keys and the admin's password travel sealed
    under `passphrase`, or are left out without one (never in clear)."""
    if target.data_dir is not None and not (target.data_dir / "databases").is_dir():
        raise AdmError(f"no Flowloom installation in {target.data_dir}: nothing to back up")
    with object_store(target, locked=locked) as live:
        writer = ArchiveWriter(output)
        try:
            manifest = Manifest(live.mode, datetime.now(UTC).isoformat(timespec="seconds"))
            for service in live.services:
                manifest.services[service.name] = ServiceEntry(service.spec.version())
            before = sealed_files.kept_files(live.data_dir) if live.data_dir else {}
            _databases(live, writer, manifest, console)
            _files(live, writer, manifest, before, passphrase, console)
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


def _files(
    target: Target,
    writer: ArchiveWriter,
    manifest: Manifest,
    before: dict[str, bytes],
    passphrase: str | None,
    console: Console,
) -> None:
    if target.data_dir is None:
        return
    files = sealed_files.merged(before, sealed_files.kept_files(target.data_dir))
    prints = {
        name: [fingerprint(key) for key in content.decode().split()]
        for name, content in files.items()
        if name.startswith("keys/")
    }
    manifest.keys = {"sealed": passphrase is not None, "fingerprints": prints}
    if passphrase is None:
        console.print(
            "  [yellow]keys left out[/] (no passphrase): keep a copy of "
            f"{target.data_dir / 'keys'}; restoring this archive needs it",
            highlight=False,
        )
        return
    content = sealed_files.seal(files, passphrase)
    writer.add_stream(sealed_files.MEMBER, io.BytesIO(content), len(content))
    console.print(f"  {len(files)} files (keys, admin password) sealed under the passphrase")


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
