"""Sealing secret values for the bus with Fernet, under the key shared with the runner."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class TransportCipher:
    """The secrets transport key (``FLOWLOOM_SECRETS_TRANSPORT_KEY``): the studio seals the
    values it sends, the runner opens them. The first key seals, every key opens (so the key
    can rotate: the receiver keeps the previous one until every sender uses the new one).

    It is not the key of the studio's table (``SecretCipher``): the runner never gets that one.
    """

    def __init__(self, key: bytes | str, *previous_keys: bytes | str) -> None:
        self._fernet = MultiFernet([Fernet(k) for k in (key, *previous_keys)])

    @staticmethod
    def generate_key() -> str:
        return Fernet.generate_key().decode("ascii")

    def seal(self, value: str) -> bytes:
        return self._fernet.encrypt(value.encode())

    def unseal(self, token: bytes) -> str:
        try:
            return self._fernet.decrypt(token).decode()
        except InvalidToken:
            raise ValueError(
                "a sealed secret cannot be opened: do the studio and the runner share the "
                "same secrets transport key?"
            ) from None
