"""Encryption at rest of source credentials with Fernet."""

from __future__ import annotations

import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from flowloom.repository.domain.ports import CredentialCipher
from flowloom.repository.domain.source import Credentials


class FernetCredentialCipher(CredentialCipher):
    """The first key seals, every key unseals (so keys can rotate)."""

    def __init__(self, key: bytes | str, *previous_keys: bytes | str) -> None:
        self._fernet = MultiFernet([Fernet(k) for k in (key, *previous_keys)])

    @staticmethod
    def generate_key() -> str:
        return Fernet.generate_key().decode("ascii")

    def seal(self, credentials: Credentials) -> str:
        plain = {
            "username": credentials.username,
            "password": credentials.password,
            "ssh_private_key": credentials.ssh_private_key,
        }
        return self._fernet.encrypt(json.dumps(plain).encode()).decode("ascii")

    def unseal(self, sealed: str) -> Credentials:
        try:
            plain = json.loads(self._fernet.decrypt(sealed.encode("ascii")))
        except InvalidToken:
            raise ValueError(
                "stored credentials cannot be decrypted: was the credentials key changed"
                " without keeping the previous one?"
            ) from None
        return Credentials(**plain)
