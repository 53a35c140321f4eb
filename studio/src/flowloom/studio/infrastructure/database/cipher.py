"""Encryption at rest of project secrets with Fernet."""

from __future__ import annotations

from flowloom.servicekit.ciphers import FernetCipher


class SecretCipher(FernetCipher):
    """Seals secret values under the secrets keys (``SecretCipher.generate_key()`` makes one).
    A value no key opens is an error, never an empty secret."""

    unopened = (
        "a stored secret cannot be decrypted: was the secrets key changed without "
        "keeping the previous one?"
    )

    def seal(self, value: str) -> str:
        return self.seal_bytes(value.encode()).decode("ascii")

    def unseal(self, token: str) -> str:
        return self.open_bytes(token.encode("ascii")).decode()
