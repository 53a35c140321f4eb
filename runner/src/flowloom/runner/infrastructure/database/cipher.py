"""Encryption at rest of masked values (password outputs and literals) with Fernet."""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class ValueCipher:
    """Seals JSON values: the first key encrypts, every key decrypts (so keys can rotate).

    A key is a Fernet key (32 random bytes, URL-safe base64): `ValueCipher.generate_key()`.
    Losing the keys loses the sealed values, so a value that no key opens is an error, never
    a silent None that a step would then receive.
    """

    def __init__(self, key: bytes | str, *previous_keys: bytes | str) -> None:
        self._fernet = MultiFernet([Fernet(k) for k in (key, *previous_keys)])

    @staticmethod
    def generate_key() -> str:
        return Fernet.generate_key().decode("ascii")

    def seal(self, value: Any) -> str:
        plain = json.dumps(value, separators=(",", ":")).encode()
        return self._fernet.encrypt(plain).decode("ascii")

    def unseal(self, token: str) -> Any:
        try:
            plain = self._fernet.decrypt(token.encode("ascii"))
        except InvalidToken:
            raise ValueError(
                "a stored password value cannot be decrypted: was the values key changed"
                " without keeping the previous one?"
            ) from None
        return json.loads(plain)
