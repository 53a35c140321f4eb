"""Encryption at rest of masked values (password outputs and literals) with Fernet."""

from __future__ import annotations

import json
from typing import Any

from flowloom.servicekit.ciphers import FernetCipher


class ValueCipher(FernetCipher):
    """Seals JSON values under the values keys (`ValueCipher.generate_key()` makes one).
    Losing the keys loses the sealed values, so a value that no key opens is an error, never
    a silent None that a step would then receive."""

    unopened = (
        "a stored password value cannot be decrypted: was the values key changed"
        " without keeping the previous one?"
    )

    def seal(self, value: Any) -> str:
        plain = json.dumps(value, separators=(",", ":")).encode()
        return self.seal_bytes(plain).decode("ascii")

    def unseal(self, token: str) -> Any:
        return json.loads(self.open_bytes(token.encode("ascii")))
