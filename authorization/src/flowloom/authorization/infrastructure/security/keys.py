"""Ed25519 signing keys, sealed at rest, and JWT signing of access claims (PyJWT, `EdDSA`)."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from flowloom.authorization.domain.ports import KeyGenerator, TokenSigner
from flowloom.authorization.domain.signing import AccessClaims, SigningKey
from flowloom.servicekit.keys import InvalidToken, KeyRing
from flowloom.servicekit.tokens import AUDIENCE, ISSUER

ALGORITHM = "EdDSA"


@dataclass(eq=False)
class Ed25519KeyGenerator(KeyGenerator):
    """New key pairs, the private half sealed with the key-encryption key `ring` (its first
    key): the clear private key only ever exists in memory."""

    ring: KeyRing

    def new_key(self, kid: str, now: datetime, signs_from: datetime) -> SigningKey:
        private = Ed25519PrivateKey.generate()
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        raw = private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        jwk = {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": ALGORITHM, "use": "sig"}
        sealed = self.ring.seal(pem).decode("ascii")
        return SigningKey(kid, ALGORITHM, sealed, jwk, now, signs_from)


@dataclass(eq=False)
class JwtTokenSigner(TokenSigner):
    """Signs with the key handed to `use()` (at start-up, then at every key refresh), whose
    private half it opens with the key-encryption key `ring`."""

    ring: KeyRing
    _kid: str | None = field(init=False, default=None)
    _private: Ed25519PrivateKey | None = field(init=False, default=None, repr=False)

    @property
    def kid(self) -> str | None:
        return self._kid

    def use(self, key: SigningKey) -> None:
        if key.kid == self._kid:
            return
        try:
            pem = self.ring.open(key.sealed_private_key.encode("ascii"))
        except InvalidToken:
            raise RuntimeError(
                f"signing key {key.kid} cannot be opened: is the key-encryption key "
                "(FLOWLOOM_AUTHORIZATION_KEY_ENCRYPTION_KEY) the one that sealed it?"
            ) from None
        private = serialization.load_pem_private_key(pem, password=None)
        assert isinstance(private, Ed25519PrivateKey)
        self._kid, self._private = key.kid, private

    def sign(self, claims: AccessClaims) -> str:
        if self._private is None or self._kid is None:
            raise RuntimeError("no signing key loaded; the service has not started")
        payload: dict[str, object] = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": claims.sub,
            "username": claims.username,
            "is_admin": claims.is_admin,
            "project_id": claims.project_id,
            "role": claims.role.value if claims.role else None,
            # To the microsecond (RFC 7519 allows a fractional NumericDate): a revocation
            # cuts tokens issued before an instant, and a session started by the same change
            # (a new password) must not fall on the wrong side of it within one second.
            "iat": claims.issued_at.timestamp(),
            "exp": int(claims.expires_at.timestamp()),
            "jti": claims.jti,
        }
        if claims.api_key_id is not None:
            payload["api_key_id"] = claims.api_key_id
        headers = {"kid": self._kid}
        return jwt.encode(payload, self._private, algorithm=ALGORITHM, headers=headers)
