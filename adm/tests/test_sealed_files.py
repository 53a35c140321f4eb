"""The keys in a backup: sealed under a passphrase, never in clear (no platform needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from flowloom.adm import sealed_files
from flowloom.adm.errors import AdmError
from flowloom.servicekit.keys import fingerprint, generate_key, write_key_file

PASSPHRASE = "correct horse battery staple"


def installation(root: Path) -> tuple[str, str]:
    key, previous = generate_key(), generate_key()
    write_key_file(root / "keys" / "runner-values", [key, previous])
    (root / "admin-password").write_text("s3cret-admin\n")
    return key, previous


def test_opens_what_it_sealed_when_given_the_same_passphrase(tmp_path: Path) -> None:
    installation(tmp_path)
    files = sealed_files.kept_files(tmp_path)
    envelope = sealed_files.seal(files, PASSPHRASE)
    assert sealed_files.open_sealed(envelope, PASSPHRASE) == files
    assert set(files) == {"keys/runner-values", "admin-password"}


def test_holds_no_key_or_password_in_clear_when_sealed(tmp_path: Path) -> None:
    key, previous = installation(tmp_path)
    envelope = sealed_files.seal(sealed_files.kept_files(tmp_path), PASSPHRASE)
    for secret in (key, previous, "s3cret-admin", PASSPHRASE):
        assert secret.encode() not in envelope


def test_refuses_to_open_when_the_passphrase_is_wrong(tmp_path: Path) -> None:
    installation(tmp_path)
    envelope = sealed_files.seal(sealed_files.kept_files(tmp_path), PASSPHRASE)
    with pytest.raises(AdmError, match="wrong backup passphrase"):
        sealed_files.open_sealed(envelope, PASSPHRASE + "!")


def test_keeps_keys_of_both_reads_when_a_rotation_ran_during_the_backup() -> None:
    old, new = generate_key(), generate_key()
    before = {"keys/k": f"{old}\n".encode(), "admin-password": b"a\n"}
    after = {"keys/k": f"{new}\n".encode(), "admin-password": b"a\n"}
    assert sealed_files.merged(before, after)["keys/k"].decode().split() == [new, old]


def test_lists_fingerprints_not_keys_when_describing_the_key_files(tmp_path: Path) -> None:
    key, previous = installation(tmp_path)
    found = sealed_files.fingerprints(tmp_path)
    assert found == {"keys/runner-values": [fingerprint(key), fingerprint(previous)]}
    assert key not in str(found)


def test_refuses_a_short_passphrase(tmp_path: Path) -> None:
    file = tmp_path / "passphrase"
    file.write_text("short\n")
    with pytest.raises(AdmError, match="at least 12"):
        sealed_files.passphrase(file)
    file.write_text(PASSPHRASE + "\nignored\n")
    assert sealed_files.passphrase(file) == PASSPHRASE
