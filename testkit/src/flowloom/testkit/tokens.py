"""A stand-in for the authorization service's signing key: its JWKS and access tokens signed
like the authorization signs them (Ed25519, EdDSA), so a service is tested without it."""

from __future__ import annotations

import base64
import time
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from flowloom.servicekit.tokens import AUDIENCE, ISSUER


class KeySet:
    """One signing key: the JWKS a service under test fetches (`JwksCache(keys.jwks)`) and
    tokens signed with it."""

    def __init__(self, kid: str = "test-key") -> None:
        self.kid = kid
        self._key = Ed25519PrivateKey.generate()

    async def jwks(self) -> dict[str, Any]:
        raw = self._key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        return {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": x, "kid": self.kid, "alg": "EdDSA"}]}

    def token(
        self,
        project_id: str | None,
        role: str | None = "developer",
        *,
        is_admin: bool = False,
        lifetime: int = 3600,
        **claims: Any,
    ) -> str:
        """An access token of user `u1` (`ada`) in the project with the role, valid for
        `lifetime` seconds; `claims` add to or replace the usual ones (`sub`, `iat`…)."""
        now = int(time.time())
        signed = {
            "iss": ISSUER, "aud": AUDIENCE, "sub": "u1", "username": "ada",
            "is_admin": is_admin, "project_id": project_id, "role": role,
            "iat": now, "exp": now + lifetime, **claims,
        }  # fmt: skip
        pem = self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return jwt.encode(signed, pem, algorithm="EdDSA", headers={"kid": self.kid})
