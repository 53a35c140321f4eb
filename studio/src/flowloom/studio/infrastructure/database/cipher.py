"""Encryption at rest of project secrets with Fernet."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class SecretCipher:
    """The first key seals, every key opens (so keys can rotate). A key is a Fernet key:
    ``SecretCipher.generate_key()``. A value no key opens is an error, never an empty secret."""

    def __init__(self, key: bytes | str, *previous_keys: bytes | str) -> None:
        self._fernet = MultiFernet([Fernet(k) for k in (key, *previous_keys)])

    @staticmethod
    def generate_key() -> str:
        return Fernet.generate_key().decode("ascii")

    def seal(self, value: str) -> str:
        return self._fernet.encrypt(value.encode()).decode("ascii")

    def unseal(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode()
        except InvalidToken:
            raise ValueError(
                "a stored secret cannot be decrypted: was the secrets key changed without "
                "keeping the previous one?"
            ) from None
