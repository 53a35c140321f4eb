"""Access-token verification: signature, expiry, audience, and the JWKS cache's refetching."""

from __future__ import annotations

import asyncio
import base64
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from flowloom.servicekit.revocations import DenyList, Revocation
from flowloom.servicekit.tokens import InvalidAccessToken, JwksCache, TokenVerifier


class KeySet:
    """A fake authorization service: signs tokens and serves its JWKS, counting fetches."""

    def __init__(self) -> None:
        self.keys: dict[str, Ed25519PrivateKey] = {}
        self.fetches = 0

    def add(self, kid: str) -> None:
        self.keys[kid] = Ed25519PrivateKey.generate()

    async def jwks(self) -> dict[str, Any]:
        self.fetches += 1
        return {"keys": [self._public(kid, key) for kid, key in self.keys.items()]}

    @staticmethod
    def _public(kid: str, key: Ed25519PrivateKey) -> dict[str, str]:
        raw = key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        x = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": "EdDSA"}

    def token(self, kid: str, **overrides: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": "flowloom", "aud": "flowloom", "sub": "u1", "username": "ada",
            "is_admin": False, "project_id": "p1", "role": "developer",
            "iat": now, "exp": now + 60, **overrides,
        }  # fmt: skip
        pem = self.keys[kid].private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return jwt.encode(claims, pem, algorithm="EdDSA", headers={"kid": kid})


@pytest.fixture
def keyset() -> KeySet:
    keyset = KeySet()
    keyset.add("k1")
    return keyset


async def test_returns_claims_when_token_is_valid(keyset: KeySet) -> None:
    claims = await TokenVerifier(JwksCache(keyset.jwks)).verify(keyset.token("k1"))
    assert (claims.user_id, claims.username, claims.project_id, claims.role) == (
        "u1", "ada", "p1", "developer",
    )  # fmt: skip
    assert claims.is_admin is False


@pytest.mark.parametrize(
    "overrides",
    [{"exp": int(time.time()) - 60}, {"aud": "someone-else"}, {"iss": "evil"}],
    ids=["expired", "wrong-audience", "wrong-issuer"],
)
async def test_rejects_token_when_claims_are_wrong(keyset: KeySet, overrides: dict) -> None:
    with pytest.raises(InvalidAccessToken):
        await TokenVerifier(JwksCache(keyset.jwks)).verify(keyset.token("k1", **overrides))


async def test_rejects_token_when_signed_by_unknown_key(keyset: KeySet) -> None:
    stranger = KeySet()
    stranger.add("k1")  # same kid, different key pair
    with pytest.raises(InvalidAccessToken):
        await TokenVerifier(JwksCache(keyset.jwks)).verify(stranger.token("k1"))


async def test_rejects_garbage_when_token_is_not_a_jwt(keyset: KeySet) -> None:
    with pytest.raises(InvalidAccessToken):
        await TokenVerifier(JwksCache(keyset.jwks)).verify("not-a-token")


async def test_fetches_jwks_once_when_tokens_share_a_key(keyset: KeySet) -> None:
    verifier = TokenVerifier(JwksCache(keyset.jwks))
    for _ in range(5):
        await verifier.verify(keyset.token("k1"))
    assert keyset.fetches == 1


async def test_refetches_jwks_when_a_new_key_appears(keyset: KeySet) -> None:
    verifier = TokenVerifier(JwksCache(keyset.jwks, min_refresh=0))
    await verifier.verify(keyset.token("k1"))
    keyset.add("k2")
    claims = await verifier.verify(keyset.token("k2"))
    assert claims.user_id == "u1"
    assert keyset.fetches == 2


async def test_limits_refetching_when_unknown_kids_repeat(keyset: KeySet) -> None:
    verifier = TokenVerifier(JwksCache(keyset.jwks, min_refresh=60))
    await verifier.verify(keyset.token("k1"))
    stranger = KeySet()
    stranger.add("unknown")
    for _ in range(3):
        with pytest.raises(InvalidAccessToken):
            await verifier.verify(stranger.token("unknown"))
    assert keyset.fetches == 1


class CountingKeys(JwksCache):
    """A JWKS cache counting the key lookups: one per signature check."""

    lookups = 0

    async def key(self, kid: str) -> jwt.PyJWK:
        self.lookups += 1
        return await super().key(kid)


async def test_checks_signature_once_when_token_is_sent_again(keyset: KeySet) -> None:
    keys = CountingKeys(keyset.jwks)
    verifier = TokenVerifier(keys)
    token = keyset.token("k1")
    assert [await verifier.verify(token) for _ in range(3)][2].project_id == "p1"
    assert keys.lookups == 1
    await verifier.verify(keyset.token("k1", project_id="p2"))  # another token: checked
    assert keys.lookups == 2


async def test_rejects_cached_token_when_it_has_expired(keyset: KeySet) -> None:
    verifier = TokenVerifier(JwksCache(keyset.jwks), leeway=0)
    token = keyset.token("k1", exp=int(time.time()) + 1)
    assert (await verifier.verify(token)).user_id == "u1"
    await asyncio.sleep(1.1)
    with pytest.raises(InvalidAccessToken, match="expired"):
        await verifier.verify(token)


async def test_checks_again_when_cache_time_ran_out(keyset: KeySet) -> None:
    keys = CountingKeys(keyset.jwks)
    verifier = TokenVerifier(keys, cache_seconds=0)
    token = keyset.token("k1")
    await verifier.verify(token)
    await verifier.verify(token)
    assert keys.lookups == 2


def revoked_user(user: str, issued_before: float) -> Revocation:
    cutoff = datetime.fromtimestamp(issued_before, UTC)
    return Revocation(
        id=f"r-{user}", issued_before=cutoff, expires_at=cutoff + timedelta(minutes=15),
        user_id=user,
    )  # fmt: skip


async def test_rejects_token_when_a_revocation_matches_it(keyset: KeySet) -> None:
    deny = DenyList()
    verifier = TokenVerifier(JwksCache(keyset.jwks), deny)
    token = keyset.token("k1", iat=time.time() - 1)
    deny.add(revoked_user("u1", time.time()))
    with pytest.raises(InvalidAccessToken, match="revoked"):
        await verifier.verify(token)
    assert (await verifier.verify(keyset.token("k1", sub="u2"))).user_id == "u2"


async def test_rejects_cached_token_when_revoked_after_it_was_verified(keyset: KeySet) -> None:
    deny = DenyList()
    keys = CountingKeys(keyset.jwks)
    verifier = TokenVerifier(keys, deny, cache_seconds=60)
    token = keyset.token("k1", iat=time.time() - 1)
    assert (await verifier.verify(token)).user_id == "u1"
    deny.add(revoked_user("u1", time.time()))
    with pytest.raises(InvalidAccessToken, match="revoked"):
        await verifier.verify(token)
    assert keys.lookups == 1  # the cache answered: the deny-list was still consulted


async def test_reads_subsecond_issue_time_and_api_key_when_claims_carry_them(
    keyset: KeySet,
) -> None:
    issued = time.time()
    claims = await TokenVerifier(JwksCache(keyset.jwks)).verify(
        keyset.token("k1", iat=issued, api_key_id="key-1")
    )
    assert (claims.issued_at, claims.api_key_id) == (issued, "key-1")
