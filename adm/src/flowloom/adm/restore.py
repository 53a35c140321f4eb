"""`restore`: an archive into an empty installation (or a wiped one with `--force`)."""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import IO

from rich.console import Console

from flowloom.adm import databases, sealed_files
from flowloom.adm.archive import MANIFEST, Manifest, members, readable, verified
from flowloom.adm.errors import AdmError
from flowloom.adm.objects import Bucket
from flowloom.adm.target import ServiceTarget, Target, exclusive, object_store
from flowloom.adm.versions import Migrated, migrate_all, record_versions, refuse_downgrade


def restore(
    target: Target,
    archive: Path,
    *,
    force: bool,
    console: Console,
    passphrase: str | None = None,
) -> list[Migrated]:
    """Verify, refuse what cannot be restored, (wipe,) restore, then migrate to head."""
    console.print(f"Verifying {archive} …")
    manifest, kept = verified(archive, keep=(sealed_files.MEMBER,))
    check_restorable(manifest, target)
    keys = _keys(manifest, kept, target, passphrase)
    with exclusive(target, "restoring"), object_store(target, locked=True) as live:
        if not force:
            refuse_non_empty(live)
        else:
            console.print("Wiping the installation (--force) …")
            wipe(live, keep_keys=keys is None)
        _apply(live, archive, manifest, console)
        if keys is not None and live.data_dir is not None:
            for name, content in keys.items():
                _write_file(live.data_dir, name, io.BytesIO(content))
            console.print(f"  {len(keys)} files (keys, admin password) unsealed and restored")
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


def _keys(
    manifest: Manifest, kept: dict[str, bytes], target: Target, passphrase: str | None
) -> dict[str, bytes] | None:
    """The key files to write (opened with the passphrase), or None when the archive holds
    none and the keys already in place are the ones it needs. Checked before anything is
    touched."""
    if manifest.keys is None or target.data_dir is None:
        return None  # distributed, or format 1 (the keys are plain members)
    if manifest.keys.get("sealed"):
        if passphrase is None:
            raise AdmError(
                "the archive's keys are sealed: give the backup's passphrase "
                f"(--passphrase-file, or {sealed_files.PASSPHRASE_ENV})"
            )
        return sealed_files.open_sealed(kept[sealed_files.MEMBER], passphrase)
    present = sealed_files.fingerprints(target.data_dir)
    for name, needed in manifest.keys.get("fingerprints", {}).items():
        if not set(needed) <= set(present.get(name, [])):
            raise AdmError(
                f"the archive holds no keys (backed up without a passphrase) and "
                f"{target.data_dir / name} is missing or holds other keys: put back the keys/ "
                "directory of the installation that was backed up, then restore again"
            )
    return None


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


def wipe(target: Target, *, keep_keys: bool = False) -> None:
    """Every table, every object and (embedded, unless `keep_keys`) the keys."""
    for service in target.databases:
        assert service.database_url is not None
        asyncio.run(databases.wipe(service.database_url))
    for service in target.buckets:
        _bucket(service).wipe()
    if target.data_dir is not None and not keep_keys:
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
            elif info.name == sealed_files.MEMBER:
                continue  # opened before anything was touched
            elif kind == "files" and target.data_dir is not None:  # format 1: keys in clear
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
