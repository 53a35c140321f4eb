"""Embedded `migrate`, `upgrade` and `status` on a stopped installation."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import tarfile
from pathlib import Path
from typing import Any

import pytest

from .support import adm

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An installation migrated from nothing (no database file existed)."""
    data_dir = tmp_path_factory.mktemp("upgrade") / "data"
    migrated = adm("migrate", "--data-dir", str(data_dir))
    assert migrated.returncode == 0, migrated.stderr
    for service, migrations in _migrations().items():
        assert f"{service}: None → {migrations.head_revision()}" in migrated.stderr
    return data_dir


def _migrations() -> dict[str, Any]:
    """Each service's migrations, so these tests follow new revisions without edits."""
    from flowloom.authorization.infrastructure.database import migrate as authorization
    from flowloom.runner.infrastructure.database import migrate as runner

    return {"authorization": authorization.MIGRATIONS, "runner": runner.MIGRATIONS}


def test_migrate_brings_every_database_to_head(data_dir: Path) -> None:
    report = adm("status", "--json", "--data-dir", str(data_dir))
    found = json.loads(report.stdout)
    for service in ("authorization", "repository", "action-builder", "studio", "runner"):
        database = found["services"][service]["database"]
        assert database["ok"]
        assert database["revision"] == database["head"], service
    versions = json.loads((data_dir / "versions.json").read_text())
    assert versions["runner"] == found["services"]["runner"]["version"]
    again = adm("migrate", "--data-dir", str(data_dir))
    assert "runner: already at head" in again.stderr


def test_status_fails_when_up_is_not_running(data_dir: Path) -> None:
    report = adm("status", "--data-dir", str(data_dir))
    assert report.returncode == 1
    assert "down: flowloom-adm up" in report.stderr
    assert "runner database" not in report.stderr.split("down:")[1]


def test_upgrade_of_a_current_installation_backs_up_and_changes_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    upgraded = adm("upgrade", "--data-dir", str(data_dir))
    assert upgraded.returncode == 0, upgraded.stderr
    assert "runner: already at head" in upgraded.stderr
    backups = list((data_dir / "backups").glob("*.tar.gz"))
    assert len(backups) == 1
    chosen = tmp_path / "before-upgrade.tar.gz"
    upgraded = adm("upgrade", "--data-dir", str(data_dir), "--backup-to", str(chosen))
    assert upgraded.returncode == 0, upgraded.stderr
    assert chosen.exists()


def test_upgrade_refuses_a_database_newer_than_the_code(data_dir: Path, tmp_path: Path) -> None:
    database = data_dir / "databases" / "runner.db"
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff'")
    try:
        refused = adm(
            "upgrade", "--data-dir", str(data_dir), "--backup-to", str(tmp_path / "b.tar.gz")
        )
        assert refused.returncode == 1
        assert "runner database is at revision ffff" in refused.stderr
        assert "downgrades are refused" in refused.stderr
        assert not (tmp_path / "b.tar.gz").exists()
        refused = adm("migrate", "--data-dir", str(data_dir))
        assert refused.returncode == 1
        assert "downgrades are refused" in refused.stderr
    finally:
        with sqlite3.connect(database) as connection:
            head = _migrations()["runner"].head_revision()
            connection.execute("UPDATE alembic_version SET version_num = ?", (head,))


def test_upgrade_refuses_data_written_by_newer_code(data_dir: Path, tmp_path: Path) -> None:
    versions_file = data_dir / "versions.json"
    kept = versions_file.read_text()
    versions_file.write_text(json.dumps({**json.loads(kept), "studio": "99.0"}))
    try:
        refused = adm(
            "upgrade", "--data-dir", str(data_dir), "--backup-to", str(tmp_path / "b.tar.gz")
        )
        assert refused.returncode == 1
        assert "studio data is from version 99.0" in refused.stderr
    finally:
        versions_file.write_text(kept)


def test_upgrade_backs_up_an_older_database_then_migrates_it(tmp_path: Path) -> None:
    """The runner's database one revision behind the code: upgrade keeps a backup of it as it
    was, then brings it to head; restoring that backup upgrades it again."""
    from flowloom.runner.infrastructure.database.migrate import MIGRATIONS

    data_dir = tmp_path / "data"
    assert adm("migrate", "--data-dir", str(data_dir)).returncode == 0
    runner_db = data_dir / "databases" / "runner.db"
    runner_db.unlink()
    asyncio.run(MIGRATIONS.upgrade(f"sqlite+aiosqlite:///{runner_db}", "0002"))

    archive = tmp_path / "before.tar.gz"
    passphrase = tmp_path / "passphrase"
    passphrase.write_text("twelve chars or more\n")
    sealed = ["--passphrase-file", str(passphrase)]
    upgraded = adm("upgrade", "--data-dir", str(data_dir), "--backup-to", str(archive), *sealed)
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"runner: 0002 → {MIGRATIONS.head_revision()}" in upgraded.stderr
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["services"]["runner"]["database"]["revision"] == "0002"

    restored = adm("restore", str(archive), "--data-dir", str(tmp_path / "again"), *sealed)
    assert restored.returncode == 0, restored.stderr
    assert f"runner: 0002 → {MIGRATIONS.head_revision()}" in restored.stderr


def test_upgrade_seals_the_signing_keys_an_older_version_kept_in_clear(tmp_path: Path) -> None:
    """An authorization database at 0001 holding a clear private key: `upgrade` seals it with
    the installation's key-encryption key, and the file keeps no trace of the clear key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from flowloom.authorization.infrastructure.database.migrate import MIGRATIONS
    from flowloom.servicekit.keys import FileKeyRing

    data_dir = tmp_path / "data"
    assert adm("migrate", "--data-dir", str(data_dir)).returncode == 0
    database = data_dir / "databases" / "authorization.db"
    database.unlink()
    asyncio.run(MIGRATIONS.upgrade(f"sqlite+aiosqlite:///{database}", "0001"))
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    # Closed before the files are read: closing any descriptor of a SQLite file drops the
    # process's locks on it, which would let another process delete a WAL still in use.
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute(
            "INSERT INTO signing_keys VALUES ('kid-1', 'EdDSA', ?, '{}', '2025-01-01', NULL)",
            (pem.decode(),),
        )
    body = b"".join(pem.strip().splitlines()[1:-1])
    assert body in b"".join(path.read_bytes() for path in database.parent.glob("authorization.db*"))

    upgraded = adm("upgrade", "--data-dir", str(data_dir))
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"authorization: 0001 → {MIGRATIONS.head_revision()}" in upgraded.stderr
    raw = b"".join(path.read_bytes() for path in database.parent.glob("authorization.db*"))
    assert body not in raw
    with contextlib.closing(sqlite3.connect(database)) as db:
        (sealed,) = db.execute("SELECT sealed_private_key FROM signing_keys").fetchone()
    ring = FileKeyRing(data_dir / "keys" / "authorization-key-encryption")
    assert ring.open(sealed.encode()) == pem
