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
    """

    sub: str
    username: str
    is_admin: bool
    project_id: str | None
    role: Role | None
    issued_at: datetime
    expires_at: datetime
    jti: str


@dataclass
class SigningKey:
    """An asymmetric key pair; every replica signs with the newest active one."""

    kid: str
    algorithm: str
    private_pem: str
    public_jwk: dict[str, str]
    created_at: datetime
    retired_at: datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.retired_at is None

    def retire(self, now: datetime) -> None:
        """Stop signing with the key and stop publishing it in the JWKS."""
        if self.retired_at is None:
            self.retired_at = now
