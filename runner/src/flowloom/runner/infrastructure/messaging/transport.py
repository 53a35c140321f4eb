"""Opening secret values the studio sealed for the trip over the bus."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class TransportCipher:
    """Fernet under the secrets transport key shared with the studio; previous keys may be
    given so the key can rotate. A value no key opens raises: the message is retried, then
    dead-lettered, instead of the secret silently becoming empty."""

    def __init__(self, key: str, *previous_keys: str) -> None:
        self._fernet = MultiFernet([Fernet(k) for k in (key, *previous_keys)]) if key else None

    def unseal(self, sealed: bytes) -> str:
        if self._fernet is None:
            raise ValueError(
                "a project secret arrived but FLOWLOOM_RUNNER_SECRETS_TRANSPORT_KEY is not set:"
                " set it to the studio's secrets transport key"
            )
        try:
            return self._fernet.decrypt(sealed).decode()
        except InvalidToken:
            raise ValueError(
                "a project secret cannot be opened: the runner's secrets transport key is not"
                " the studio's"
            ) from None
