"""What access tokens say and the asymmetric keys that sign them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flowloom.authorization.domain.model import Role


@dataclass(frozen=True)
class AccessClaims:
    """What a signed access token says; field names are the JWT claim names.

    ``role`` is the user's role in ``project_id``, or None when the user is not a member
    (a platform admin looking at any project): services treat ``is_admin`` as all-powerful.
    ``api_key_id`` names the API key a token was exchanged for (None for a login), so that
    revoking the key revokes its tokens.
    """

    sub: str
    username: str
    is_admin: bool
    project_id: str | None
    role: Role | None
    issued_at: datetime
    expires_at: datetime
    jti: str
    api_key_id: str | None = None


@dataclass
class SigningKey:
    """An asymmetric key pair shared by every replica.

    The private half is stored sealed (``sealed_private_key``): only the signer adapter, which
    holds the key-encryption key, opens it. A key starts signing at ``signs_from``, once its
    public half has been published long enough for every verifier to have it; after a
    rotation the older key gets ``retires_at``, when every token it signed has expired, and
    is then dropped from the JWKS and deleted.
    """

    kid: str
    algorithm: str
    sealed_private_key: str
    public_jwk: dict[str, str]
    created_at: datetime
    signs_from: datetime
    retires_at: datetime | None = None

    def is_published(self, now: datetime) -> bool:
        """Whether verifiers must still accept the key's tokens (it is in the JWKS)."""
        return self.retires_at is None or now < self.retires_at

    def can_sign(self, now: datetime) -> bool:
        return self.signs_from <= now and self.is_published(now)

    def retire_at(self, when: datetime) -> None:
        """Drop the key at `when` (an earlier retirement already set is kept)."""
        if self.retires_at is None or when < self.retires_at:
            self.retires_at = when


def signing_key(keys: list[SigningKey], now: datetime) -> SigningKey | None:
    """The key to sign with at `now`: the one that most recently started signing."""
    ready = [key for key in keys if key.can_sign(now)]
    return max(ready, key=lambda key: (key.signs_from, key.created_at, key.kid), default=None)
