"""Opening secret values the studio sealed for the trip over the bus."""

from __future__ import annotations

from flowloom.servicekit.keys import InvalidToken, KeyRing


class TransportCipher:
    """Fernet under the secrets transport keys shared with the studio: every key of the ring
    opens (a key file is followed live), so the key can rotate while messages sealed under
    the previous one are still on their way. A value no key opens raises: the message is
    retried, then dead-lettered, instead of the secret silently becoming empty."""

    def __init__(self, keys: KeyRing | str | None, *previous_keys: str) -> None:
        if isinstance(keys, str):
            keys = KeyRing([keys, *previous_keys]) if keys else None
        self._keys = keys

    def unseal(self, sealed: bytes) -> str:
        if self._keys is None:
            raise ValueError(
                "a project secret arrived but FLOWLOOM_RUNNER_SECRETS_TRANSPORT_KEY is not set:"
                " set it to the studio's secrets transport key"
            )
        try:
            return self._keys.open(sealed).decode()
        except InvalidToken:
            raise ValueError(
                "a project secret cannot be opened: the runner's secrets transport key is not"
                " the studio's"
            ) from None
