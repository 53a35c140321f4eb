"""`restore`: an archive into an empty installation (or a wiped one with `--force`)."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import IO

from rich.console import Console

from flowloom.adm import databases
from flowloom.adm.archive import MANIFEST, Manifest, members, readable, verify
from flowloom.adm.errors import AdmError
from flowloom.adm.objects import Bucket
from flowloom.adm.target import ServiceTarget, Target, exclusive, object_store
from flowloom.adm.versions import Migrated, migrate_all, record_versions, refuse_downgrade


def restore(target: Target, archive: Path, *, force: bool, console: Console) -> list[Migrated]:
    """Verify, refuse what cannot be restored, (wipe,) restore, then migrate to head."""
    console.print(f"Verifying {archive} …")
    manifest = verify(archive)
    check_restorable(manifest, target)
    with exclusive(target, "restoring"), object_store(target, locked=True) as live:
        if not force:
            refuse_non_empty(live)
        else:
            console.print("Wiping the installation (--force) …")
            wipe(live)
        _apply(live, archive, manifest, console)
        done = asyncio.run(migrate_all(live))
        record_versions(live)
        return done


def check_restorable(manifest: Manifest, target: Target) -> None:
    by_name = {service.name: service for service in target.services}
    for name, entry in manifest.services.items():
        refuse_downgrade(name, entry.version, entry.database.revision if entry.database else None)
        service = by_name.get(name)
        if entry.database is None or service is None or service.database_url is None:
            continue
        engine = "sqlite" if databases.is_sqlite(service.database_url) else "postgresql"
        if entry.database.engine != engine:
            raise AdmError(
                f"the archive holds a {entry.database.engine} dump of {name}, "
                f"the target database is {engine}: restore into a {manifest.mode} installation"
            )


def refuse_non_empty(target: Target) -> None:
    for service in target.databases:
        assert service.database_url is not None
        if not asyncio.run(databases.state(service.database_url, missing_ok=True)).empty:
            raise AdmError(
                f"the {service.name} database is not empty: restore into an empty installation, "
                "or pass --force to wipe it first"
            )
    for service in target.buckets:
        if not _bucket(service).is_empty():
            raise AdmError(
                f"bucket {service.bucket} of {service.name} is not empty: restore into an empty "
                "installation, or pass --force to wipe it first"
            )


def wipe(target: Target) -> None:
    for service in target.databases:
        assert service.database_url is not None
        asyncio.run(databases.wipe(service.database_url))
    for service in target.buckets:
        _bucket(service).wipe()
    if target.data_dir is not None:
        shutil.rmtree(target.data_dir / "keys", ignore_errors=True)
        (target.data_dir / "admin-password").unlink(missing_ok=True)


def _apply(target: Target, archive: Path, manifest: Manifest, console: Console) -> None:
    by_name = {service.name: service for service in target.services}
    dumps = {e.database.member: n for n, e in manifest.services.items() if e.database}
    buckets: dict[str, Bucket] = {}
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="flowloom-restore-") as scratch, readable(archive):
        for info, stream in members(archive):
            kind, _, rest = info.name.partition("/")
            if info.name == MANIFEST:
                continue
            if kind == "databases":
                service = by_name[dumps[info.name]]
                assert service.database_url is not None
                dump = Path(scratch) / rest
                with dump.open("wb") as out:
                    shutil.copyfileobj(stream, out)
                asyncio.run(databases.restore(service.database_url, dump))
                dump.unlink()
                console.print(f"  database {service.name} restored")
            elif kind == "objects":
                name, _, key = rest.partition("/")
                if name not in buckets:
                    buckets[name] = _bucket(by_name[name])
                    buckets[name].ensure()
                buckets[name].write(key, stream, info.size)
                counts[name] = counts.get(name, 0) + 1
            elif kind == "files" and target.data_dir is not None:
                _write_file(target.data_dir, rest, stream)
                console.print(f"  file {rest} restored")
    for name, count in counts.items():
        console.print(f"  bucket {by_name[name].bucket}: {count} objects restored")


def _write_file(data_dir: Path, relative: str, stream: IO[bytes]) -> None:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or path.parts[0] not in ("keys", "admin-password"):
        raise AdmError(f"the archive holds an unexpected file {relative!r}")
    destination = data_dir.joinpath(*path.parts)
    destination.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        shutil.copyfileobj(stream, out)


def _bucket(service: ServiceTarget) -> Bucket:
    assert service.s3 is not None
    assert service.bucket is not None
    return Bucket(service.s3, service.bucket)
