"""A stand-in for the authorization service: signs access tokens and serves their JWKS."""

from __future__ import annotations

import base64
import time
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KID = "test-key"


class KeySet:
    def __init__(self) -> None:
        self._key = Ed25519PrivateKey.generate()

    async def jwks(self) -> dict[str, Any]:
        raw = self._key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        return {"keys": [{"kty": "OKP", "crv": "Ed25519", "x": x, "kid": KID, "alg": "EdDSA"}]}

    def token(self, project_id: str, role: str = "developer", **overrides: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": "flowloom", "aud": "flowloom", "sub": "u1", "username": "ada",
            "is_admin": False, "project_id": project_id, "role": role,
            "iat": now, "exp": now + 3600, **overrides,
        }  # fmt: skip
        pem = self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return jwt.encode(claims, pem, algorithm="EdDSA", headers={"kid": KID})
