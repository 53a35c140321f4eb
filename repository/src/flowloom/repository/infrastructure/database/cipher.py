"""Encryption at rest of source credentials with Fernet."""

from __future__ import annotations

import json

from flowloom.repository.domain.ports import CredentialCipher
from flowloom.repository.domain.source import Credentials
from flowloom.servicekit.ciphers import FernetCipher


class FernetCredentialCipher(FernetCipher, CredentialCipher):
    """Seals credentials under the credentials keys (the first key seals, every key unseals,
    so keys can rotate)."""

    unopened = (
        "stored credentials cannot be decrypted: was the credentials key changed"
        " without keeping the previous one?"
    )

    def seal(self, credentials: Credentials) -> str:
        plain = {
            "username": credentials.username,
            "password": credentials.password,
            "ssh_private_key": credentials.ssh_private_key,
        }
        return self.seal_bytes(json.dumps(plain).encode()).decode("ascii")

    def unseal(self, sealed: str) -> Credentials:
        return Credentials(**json.loads(self.open_bytes(sealed.encode("ascii"))))
