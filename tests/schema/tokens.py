"""Access tokens for the services under test, signed like the authorization service signs
them (Ed25519, its JWKS), so each service is tested without a running authorization."""

from __future__ import annotations

import base64
import time
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from flowloom.servicekit.tokens import AUDIENCE, ISSUER


class Signer:
    """One signing key: its JWKS (what the services fetch) and tokens signed with it."""

    kid = "schema-tests"

    def __init__(self) -> None:
        self._key = Ed25519PrivateKey.generate()

    async def jwks(self) -> dict[str, Any]:
        raw = self._key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        return {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": x, "kid": self.kid, "alg": "EdDSA"}]}

    def token(self, project_id: str, role: str = "owner") -> str:
        """A project owner's token, valid for an hour."""
        now = int(time.time())
        claims = {
            "iss": ISSUER, "aud": AUDIENCE, "sub": "schema-tester", "username": "schema",
            "is_admin": False, "project_id": project_id, "role": role,
            "iat": now, "exp": now + 3600,
        }  # fmt: skip
        pem = self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return jwt.encode(claims, pem, algorithm="EdDSA", headers={"kid": self.kid})
