"""The Ed25519 adapters: the private half only exists sealed outside memory."""

from __future__ import annotations

from datetime import UTC, datetime

import jwt
import pytest

from flowloom.authorization.domain.signing import AccessClaims
from flowloom.authorization.infrastructure.security.keys import Ed25519KeyGenerator, JwtTokenSigner
from flowloom.servicekit.keys import KeyRing, generate_key

NOW = datetime(2026, 1, 1, tzinfo=UTC)
CLAIMS = AccessClaims("u", "ada", False, "p", None, NOW, NOW, "jti")


def test_stores_the_private_key_sealed_when_a_key_is_made() -> None:
    ring = KeyRing([generate_key()])
    key = Ed25519KeyGenerator(ring).new_key("kid", NOW, NOW)
    assert "PRIVATE KEY" not in key.sealed_private_key
    assert b"BEGIN PRIVATE KEY" in ring.open(key.sealed_private_key.encode())
    assert set(key.public_jwk) == {"kty", "crv", "x", "kid", "alg", "use"}


def test_signs_with_the_opened_key_when_the_key_encryption_key_rotated() -> None:
    old, new = generate_key(), generate_key()
    key = Ed25519KeyGenerator(KeyRing([old])).new_key("kid", NOW, NOW)
    signer = JwtTokenSigner(KeyRing([new, old]))
    signer.use(key)
    token = signer.sign(CLAIMS)
    verifying = jwt.PyJWK(key.public_jwk)
    claims = jwt.decode(token, verifying, algorithms=["EdDSA"], audience="flowloom",
                        options={"verify_exp": False})  # fmt: skip
    assert claims["sub"] == "u"
    assert jwt.get_unverified_header(token)["kid"] == "kid"


def test_refuses_a_key_the_key_encryption_key_does_not_open() -> None:
    key = Ed25519KeyGenerator(KeyRing([generate_key()])).new_key("kid", NOW, NOW)
    with pytest.raises(RuntimeError, match="key-encryption key"):
        JwtTokenSigner(KeyRing([generate_key()])).use(key)
