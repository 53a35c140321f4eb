"""Fernet key rings: the first key seals, every key opens, a key file is followed live."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from flowloom.servicekit.keys import (
    FileKeyRing,
    InvalidToken,
    KeyRing,
    generate_key,
    key_ring,
    opens,
    parse_keys,
    read_key_file,
    write_key_file,
)


def test_seals_with_first_key_and_opens_with_any_when_ring_has_several() -> None:
    new, old = generate_key(), generate_key()
    ring = KeyRing([new, old])
    sealed = ring.seal(b"v")
    assert opens(new, sealed)
    assert not opens(old, sealed)
    assert ring.open(Fernet(old).encrypt(b"w")) == b"w"


def test_reseals_under_first_key_when_value_was_sealed_under_another() -> None:
    new, old = generate_key(), generate_key()
    resealed = KeyRing([new, old]).reseal(Fernet(old).encrypt(b"v"))
    assert Fernet(new).decrypt(resealed) == b"v"
    assert not opens(old, resealed)


def test_refuses_to_open_when_no_key_of_the_ring_sealed_the_value() -> None:
    with pytest.raises(InvalidToken):
        KeyRing([generate_key()]).open(Fernet(generate_key()).encrypt(b"v"))


def test_reads_keys_separated_by_commas_or_lines_when_parsing_a_setting() -> None:
    one, two = generate_key(), generate_key()
    assert parse_keys(f"{one}, {two}", "S") == (one, two)
    assert parse_keys(f"{one}\n{two}\n", "S") == (one, two)
    assert parse_keys("", "S") == ()


@pytest.mark.parametrize("value", ["changeme", "not-a-fernet-key"])
def test_names_the_setting_when_a_key_is_not_a_fernet_key(value: str) -> None:
    with pytest.raises(ValueError, match="FLOWLOOM_X_KEY"):
        parse_keys(f"{generate_key()},{value}", "FLOWLOOM_X_KEY")


def test_writes_key_file_private_and_whole_when_replaced(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "k"
    keys = (generate_key(), generate_key())
    write_key_file(path, keys)
    assert read_key_file(path) == keys
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["k"]


def test_follows_the_file_when_its_keys_change(tmp_path: Path) -> None:
    path = tmp_path / "k"
    old, new = generate_key(), generate_key()
    write_key_file(path, [old])
    ring = FileKeyRing(path)
    before = ring.seal(b"before")
    write_key_file(path, [new, old])
    during = ring.seal(b"during")
    assert opens(new, during)
    assert ring.open(before) == b"before"
    write_key_file(path, [new])
    assert ring.keys == (new,)
    with pytest.raises(InvalidToken):
        ring.open(before)


def test_keeps_last_good_keys_when_the_file_becomes_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "k"
    key = generate_key()
    write_key_file(path, [key])
    ring = FileKeyRing(path)
    path.write_text("garbage\n")
    assert opens(key, ring.seal(b"v"))


def test_prefers_the_file_when_a_setting_names_both(tmp_path: Path) -> None:
    path = tmp_path / "k"
    in_file, inline = generate_key(), generate_key()
    write_key_file(path, [in_file])
    ring = key_ring(inline, path, "S")
    assert ring is not None
    assert ring.keys == (in_file,)
    assert key_ring("", None, "S") is None
    inline_ring = key_ring(inline, None, "S")
    assert inline_ring is not None
    assert inline_ring.keys == (inline,)
