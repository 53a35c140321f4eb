"""A stand-in for the authorization service: Ed25519 keys, a JWKS and signed access tokens."""

from __future__ import annotations

import base64
import time
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


class KeySet:
    """Signs tokens like the authorization service and serves the matching JWKS."""

    def __init__(self, kid: str = "studio-test") -> None:
        self.kid = kid
        self._key = Ed25519PrivateKey.generate()

    async def jwks(self) -> dict[str, Any]:
        raw = self._key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        return {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": x, "kid": self.kid, "alg": "EdDSA"}]}

    def token(self, project: str | None, role: str | None, *, is_admin: bool = False) -> str:
        now = int(time.time())
        claims = {
            "iss": "flowloom", "aud": "flowloom", "sub": "u1", "username": "ada",
            "is_admin": is_admin, "project_id": project, "role": role,
            "iat": now, "exp": now + 600,
        }  # fmt: skip
        pem = self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return jwt.encode(claims, pem, algorithm="EdDSA", headers={"kid": self.kid})
