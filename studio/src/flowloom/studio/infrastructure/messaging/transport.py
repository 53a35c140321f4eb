"""Sealing secret values for the bus with Fernet, under the key shared with the runner."""

from __future__ import annotations

from flowloom.servicekit.ciphers import FernetCipher


class TransportCipher(FernetCipher):
    """The secrets transport key (``FLOWLOOM_SECRETS_TRANSPORT_KEY``): the studio seals the
    values it sends, the runner opens them. The first key seals, every key opens (so the key
    can rotate: the receiver keeps the previous one until every sender uses the new one); a
    key file is followed live.

    It is not the key of the studio's table (``SecretCipher``): the runner never gets that one.
    """

    unopened = (
        "a sealed secret cannot be opened: do the studio and the runner share the "
        "same secrets transport key?"
    )

    def seal(self, value: str) -> bytes:
        return self.seal_bytes(value.encode())

    def unseal(self, token: bytes) -> str:
        return self.open_bytes(token).decode()
