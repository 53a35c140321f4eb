"""Source archives are reproducible; credentials are sealed, never stored in clear."""

from __future__ import annotations

import io
import os
import tarfile
from pathlib import Path

import pytest

from flowloom.repository.domain.source import Credentials
from flowloom.repository.infrastructure.database.cipher import FernetCredentialCipher
from flowloom.repository.infrastructure.scanning.archive import action_archive


def write_tree(root: Path) -> Path:
    (root / "sub").mkdir(parents=True)
    (root / "ryax_handler.py").write_text("def handle(inputs):\n    return {}\n")
    (root / "sub" / "data.txt").write_text("data")
    return root


def test_gives_same_bytes_for_same_content_whatever_the_times(tmp_path: Path) -> None:
    first, second = write_tree(tmp_path / "one"), write_tree(tmp_path / "two")
    os.utime(second / "sub" / "data.txt", (1_000_000, 1_000_000))

    archive = action_archive(first)

    assert archive == action_archive(second)
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        assert tar.getnames() == ["ryax_handler.py", "sub", "sub/data.txt"]


def test_seals_credentials_and_opens_them_with_previous_key() -> None:
    old, new = FernetCredentialCipher.generate_key(), FernetCredentialCipher.generate_key()
    credentials = Credentials("bot", "tok-secret-1")

    sealed = FernetCredentialCipher(old).seal(credentials)

    assert "tok-secret-1" not in sealed
    assert "bot" not in sealed
    assert FernetCredentialCipher(new, old).unseal(sealed) == credentials
    assert "tok-secret-1" not in repr(credentials)
    with pytest.raises(ValueError, match="cannot be decrypted"):
        FernetCredentialCipher(new).unseal(sealed)
