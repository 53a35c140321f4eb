"""`upgrade`: refuse a downgrade, back up, then migrate every database to the code's head."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from flowloom.adm.backup import backup
from flowloom.adm.services import SERVICES
from flowloom.adm.target import Target, exclusive
from flowloom.adm.versions import (
    Migrated,
    database_revisions,
    migrate_all,
    record_versions,
    recorded_versions,
    refuse_downgrade,
)


def upgrade(
    target: Target, backup_to: Path | None, console: Console, *, passphrase: str | None = None
) -> list[Migrated]:
    with exclusive(target, "upgrading"):
        recorded = recorded_versions(target)
        revisions = asyncio.run(database_revisions(target))
        for service in SERVICES:
            refuse_downgrade(service.name, recorded.get(service.name), revisions.get(service.name))
            console.print(
                f"  {service.name}: code {service.version()}, data "
                f"{recorded.get(service.name, '?')}, database {revisions.get(service.name, '-')}"
            )
        output = backup_to or default_backup_path(target)
        console.print(f"Backing up to {output} …")
        backup(target, output, console, locked=True, passphrase=passphrase)
        console.print("Migrating …")
        done = asyncio.run(migrate_all(target))
        record_versions(target)
        return done


def default_backup_path(target: Target) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    base = target.data_dir / "backups" if target.data_dir else Path("flowloom-backups")
    return base / f"{stamp}.tar.gz"
