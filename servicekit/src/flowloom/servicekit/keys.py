"""Fernet key rings: the first key seals, every key opens, so a key can rotate.

A ring comes from a setting (keys separated by commas) or from a key file (one key a line),
which is re-read whenever it changes: a running service follows a rotation without a restart.
Key files are written whole under a new name and renamed over the old one (`write_key_file`),
so a reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from pydantic import field_validator

from flowloom.servicekit.settings import refuse_placeholder

log = logging.getLogger(__name__)

__all__ = [
    "InvalidToken",
    "KeyRing",
    "generate_key",
    "key_ring",
    "keys_checked",
    "parse_keys",
    "required_key_ring",
]


def generate_key() -> str:
    """A new Fernet key: 32 random bytes, URL-safe base64."""
    return Fernet.generate_key().decode("ascii")


def parse_keys(text: str, name: str) -> tuple[str, ...]:
    """The keys of a setting or a key file (separated by commas, spaces or new lines), each
    checked to be a Fernet key; `name` is the setting named in the error."""
    keys = tuple(part for part in re.split(r"[\s,]+", text) if part)
    for key in keys:
        refuse_placeholder(name, key)
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ValueError(
                f"{name} holds a value that is not a Fernet key (32 url-safe base64 bytes)"
            ) from None
    return keys


def keys_checked(*fields: str, setting: str) -> Any:
    """A settings class's validator of its key settings `fields`: each value's keys pass
    `parse_keys`, an error naming `setting`. Bind it to a name in the class body."""

    def check(cls: type, value: str) -> str:
        parse_keys(value, setting)
        return value

    return field_validator(*fields)(classmethod(check))


def fingerprint(key: str) -> str:
    """A short public name of a key (a hash: it does not reveal the key)."""
    return hashlib.sha256(b"flowloom-key:" + key.encode()).hexdigest()[:16]


def opens(key: str, token: bytes | str) -> bool:
    """Whether `key` alone opens the Fernet `token`."""
    raw = token.encode("ascii") if isinstance(token, str) else token
    try:
        Fernet(key).decrypt(raw)
    except InvalidToken:
        return False
    return True


class KeyRing:
    """A list of Fernet keys: `seal` with the first, `open` with any (`InvalidToken` if none)."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ValueError("a key ring needs at least one key")
        self._keys = tuple(keys)
        self._fernet = MultiFernet([Fernet(key) for key in self._keys])

    @property
    def keys(self) -> tuple[str, ...]:
        return self._keys

    def _current(self) -> MultiFernet:
        return self._fernet

    def seal(self, plain: bytes) -> bytes:
        return self._current().encrypt(plain)

    def open(self, token: bytes) -> bytes:
        return self._current().decrypt(token)

    def reseal(self, token: bytes) -> bytes:
        """The same plain text sealed under the first key (`InvalidToken` if no key opens)."""
        return self._current().rotate(token)


class FileKeyRing(KeyRing):
    """The keys of a file, one a line; re-read when the file changes (checked on every use:
    one `stat`, microseconds). A file that became unreadable keeps the last good keys."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: tuple[int, int, int] | None = None
        super().__init__(self._read())

    def _read(self) -> tuple[str, ...]:
        self._seen = _identity(self.path)
        return read_key_file(self.path)

    @property
    def keys(self) -> tuple[str, ...]:
        self._current()
        return self._keys

    def _current(self) -> MultiFernet:
        try:
            changed = _identity(self.path) != self._seen
            if changed:
                keys = self._read()
                self._keys, self._fernet = keys, MultiFernet([Fernet(k) for k in keys])
                log.info("reloaded the keys of %s (%d keys)", self.path, len(keys))
        except (OSError, ValueError) as error:
            log.error("cannot reload %s, keeping its previous keys: %s", self.path, error)
        return self._fernet


def _identity(path: Path) -> tuple[int, int, int]:
    found = path.stat()
    return found.st_ino, found.st_mtime_ns, found.st_size


def read_key_file(path: Path) -> tuple[str, ...]:
    keys = parse_keys(path.read_text(), str(path))
    if not keys:
        raise ValueError(f"{path} holds no key")
    return keys


def write_key_file(path: Path, keys: Sequence[str]) -> None:
    """Replace the file at once (written aside, then renamed over it), mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.{os.getpid()}.new")
    descriptor = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        out.write("".join(f"{key}\n" for key in keys))
        out.flush()
        os.fsync(out.fileno())
    aside.replace(path)


def key_ring(inline: str, file: Path | None, name: str) -> KeyRing | None:
    """The ring a service's settings name: the file when given (followed live), else the
    comma-separated keys of the setting `name`; None when neither is set."""
    if file is not None:
        return FileKeyRing(file)
    keys = parse_keys(inline, name)
    return KeyRing(keys) if keys else None


def required_key_ring(inline: str, file: Path | None, name: str) -> KeyRing:
    """The ring of `key_ring`, or a RuntimeError saying how to make a key when none is set
    (a service refuses to start without the key of what it keeps sealed)."""
    ring = key_ring(inline, file, name)
    if ring is None:
        raise RuntimeError(
            f"{name} (or {name}_FILE) is not set: generate one with "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key())'`"
        )
    return ring
