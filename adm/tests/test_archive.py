"""The archive format on its own: checksums, manifest, refusals (no platform needed)."""

from __future__ import annotations

import io
import json
import stat
import tarfile
from pathlib import Path

import pytest

from flowloom.adm.archive import ArchiveWriter, Manifest, ServiceEntry, verify
from flowloom.adm.errors import AdmError
from flowloom.adm.services import version_tuple
from flowloom.adm.target import redact


def write(path: Path, members: dict[str, bytes]) -> Manifest:
    writer = ArchiveWriter(path)
    for name, content in members.items():
        writer.add_stream(name, io.BytesIO(content), len(content))
    manifest = Manifest("embedded", "2026-01-01T00:00:00+00:00", {"runner": ServiceEntry("0.1.0")})
    writer.finish(manifest)
    return manifest


def test_verifies_an_archive_and_keeps_it_private(tmp_path: Path) -> None:
    archive = tmp_path / "a.tar.gz"
    write(archive, {"databases/runner.sqlite": b"db", "objects/runner/k/ey": b"x" * 3})
    manifest = verify(archive)
    assert manifest.services["runner"].version == "0.1.0"
    assert manifest.files["objects/runner/k/ey"]["size"] == 3
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert not (tmp_path / "a.tar.gz.partial").exists()


def test_refuses_a_member_missing_from_the_manifest(tmp_path: Path) -> None:
    archive = tmp_path / "a.tar.gz"
    write(archive, {"databases/runner.sqlite": b"db"})
    with tarfile.open(archive) as source:
        manifest = source.extractfile("manifest.json").read()  # type: ignore[union-attr]
    forged = tmp_path / "forged.tar.gz"
    with tarfile.open(forged, "w:gz") as tar:
        for name, content in {"databases/runner.sqlite": b"db", "extra": b"?"}.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    with pytest.raises(AdmError, match="extra is not in the manifest"):
        verify(forged)


def test_refuses_an_archive_format_newer_than_this_code(tmp_path: Path) -> None:
    content = json.dumps({"format": "flowloom-backup", "format_version": 3}).encode()
    with pytest.raises(AdmError, match="upgrade flowloom-adm first"):
        Manifest.from_json(content)


def test_refuses_an_archive_without_manifest(tmp_path: Path) -> None:
    archive = tmp_path / "a.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("x")
        tar.addfile(info, io.BytesIO(b""))
    with pytest.raises(AdmError, match=r"no manifest\.json"):
        verify(archive)


def test_compares_versions_by_number() -> None:
    assert version_tuple("0.10.0") > version_tuple("0.9.3")
    assert version_tuple("1.0.0rc1") == (1, 0, 0)


def test_hides_passwords_in_urls() -> None:
    assert "s3cret" not in redact("amqp://user:s3cret@host:5672/vhost")
    assert "s3cret" not in redact("postgresql+asyncpg://user:s3cret@host/db")
