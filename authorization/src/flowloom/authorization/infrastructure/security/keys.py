"""Ed25519 signing keys and JWT signing of access claims (PyJWT, `EdDSA`)."""

from __future__ import annotations

import base64
import secrets
import uuid
from datetime import UTC, datetime

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from flowloom.authorization.domain.ports import Clock, KeyGenerator, SecretGenerator, TokenSigner
from flowloom.authorization.domain.signing import AccessClaims, SigningKey
from flowloom.servicekit.tokens import AUDIENCE, ISSUER

ALGORITHM = "EdDSA"


class Ed25519KeyGenerator(KeyGenerator):
    def new_key(self, kid: str, now: datetime) -> SigningKey:
        private = Ed25519PrivateKey.generate()
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        raw = private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        jwk = {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": ALGORITHM, "use": "sig"}
        return SigningKey(kid, ALGORITHM, pem, jwk, now)


class JwtTokenSigner(TokenSigner):
    """Signs with the key handed to `use()` at start-up (the newest active key)."""

    def __init__(self) -> None:
        self._key: SigningKey | None = None

    def use(self, key: SigningKey) -> None:
        self._key = key

    def sign(self, claims: AccessClaims) -> str:
        if self._key is None:
            raise RuntimeError("no signing key loaded; the service has not started")
        payload = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": claims.sub,
            "username": claims.username,
            "is_admin": claims.is_admin,
            "project_id": claims.project_id,
            "role": claims.role.value if claims.role else None,
            "iat": int(claims.issued_at.timestamp()),
            "exp": int(claims.expires_at.timestamp()),
            "jti": claims.jti,
        }
        headers = {"kid": self._key.kid}
        return jwt.encode(payload, self._key.private_pem, algorithm=ALGORITHM, headers=headers)


class SystemClock(Clock):
    def now(self) -> datetime:
        return datetime.now(UTC)


class SystemSecrets(SecretGenerator):
    def token_urlsafe(self, nbytes: int) -> str:
        return secrets.token_urlsafe(nbytes)

    def uuid(self) -> str:
        return str(uuid.uuid4())
