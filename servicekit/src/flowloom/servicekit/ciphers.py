"""Fernet ciphers under a key ring: the first key seals, every key opens (so a key can
rotate); each service's cipher says what it seals and what to say when no key opens it."""

from __future__ import annotations

from typing import ClassVar

from flowloom.servicekit.keys import InvalidToken, KeyRing, generate_key


class FernetCipher:
    """Seals and opens bytes; `keys` is a ring (a key file is followed live) or the keys
    themselves. A token no key opens raises `ValueError(unopened)`: losing the keys loses the
    sealed values, which must never turn silently into empty ones."""

    unopened: ClassVar[str] = "a sealed value cannot be opened by any of its keys"

    def __init__(self, keys: KeyRing | str, *previous_keys: str) -> None:
        self._keys = keys if isinstance(keys, KeyRing) else KeyRing([keys, *previous_keys])

    @staticmethod
    def generate_key() -> str:
        """A new Fernet key (32 random bytes, URL-safe base64)."""
        return generate_key()

    def seal_bytes(self, plain: bytes) -> bytes:
        return self._keys.seal(plain)

    def open_bytes(self, token: bytes) -> bytes:
        try:
            return self._keys.open(token)
        except InvalidToken:
            raise ValueError(self.unopened) from None
