"""Access-token verification against the authorization service's JWKS, with caching."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
from cachetools import TLRUCache

from flowloom.servicekit.revocations import DenyList

ISSUER = "flowloom"
AUDIENCE = "flowloom"
ALGORITHMS = ["EdDSA"]

JwksFetcher = Callable[[], Awaitable[dict[str, Any]]]


class InvalidAccessToken(Exception):
    """The bearer token is missing, malformed, expired, revoked or not signed by a known key."""


class KeysUnavailable(Exception):
    """The JWKS could not be fetched: the authorization service (or its database) is down."""


@dataclass(frozen=True, slots=True)
class TokenClaims:
    """What a service learns from a verified access token."""

    user_id: str
    username: str
    is_admin: bool
    project_id: str | None
    role: str | None
    expires_at: int
    # Seconds since the epoch, with the sub-second part authorization puts in `iat`.
    issued_at: float = 0.0
    # The API key the token was exchanged for (`api_key_id` claim); None for a login.
    api_key_id: str | None = None


class JwksCache:
    """Keys by `kid`; refetched after `ttl` seconds or when an unknown `kid` shows up
    (at most once per `min_refresh` seconds, so garbage tokens cannot hammer the JWKS)."""

    def __init__(self, fetch: JwksFetcher, *, ttl: float = 300.0, min_refresh: float = 5.0):
        self._fetch = fetch
        self._ttl = ttl
        self._min_refresh = min_refresh
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()

    async def key(self, kid: str) -> jwt.PyJWK:
        now = time.monotonic()
        stale = now - self._fetched_at > self._ttl
        unknown = kid not in self._keys and now - self._fetched_at > self._min_refresh
        if stale or unknown:
            await self._refresh()
        try:
            return self._keys[kid]
        except KeyError:
            raise InvalidAccessToken("token signed by an unknown key") from None

    async def _refresh(self) -> None:
        async with self._lock:
            document = await self._fetch()
            self._keys = {str(item["kid"]): jwt.PyJWK(item) for item in document.get("keys", [])}
            self._fetched_at = time.monotonic()


def http_jwks_fetcher(url: str, timeout: float = 5.0) -> JwksFetcher:
    async def fetch() -> dict[str, Any]:
        try:
            async with httpx.AsyncClient(timeout=timeout) as client:
                response = await client.get(url)
                response.raise_for_status()
        except httpx.HTTPError as error:  # refused, timed out, or a 503 of its own
            raise KeysUnavailable(f"JWKS unavailable: {type(error).__name__}") from error
        document: dict[str, Any] = response.json()
        return document

    return fetch


class TokenVerifier:
    """Verifies signature, expiry, issuer and audience, and that no revocation in
    ``revocations`` matches the token; returns the claims.

    A verified token's claims are kept (at most ``cache_size`` tokens) until the token
    expires, and for at most ``cache_seconds``: a client sending the same token on every
    request pays the signature check once. The bound is what a key dropped from the JWKS
    may still be trusted for, below the JWKS cache's own ``ttl``. The deny-list is checked
    on every call, cached tokens included, so a revocation counts from the moment it is added.
    """

    def __init__(
        self,
        keys: JwksCache,
        revocations: DenyList | None = None,
        *,
        leeway: float = 10.0,
        cache_size: int = 1024,
        cache_seconds: float = 60.0,
    ) -> None:
        self._keys = keys
        self._revocations = revocations if revocations is not None else DenyList()
        self._leeway = leeway
        self._cache_seconds = cache_seconds
        self._verified: TLRUCache[str, TokenClaims] = TLRUCache(
            maxsize=cache_size, ttu=self._use_until, timer=time.time
        )

    def _use_until(self, _token: str, claims: TokenClaims, now: float) -> float:
        return min(claims.expires_at + self._leeway, now + self._cache_seconds)

    async def verify(self, token: str) -> TokenClaims:
        claims = self._verified.get(token)
        if claims is None:
            claims = await self._verify(token)
            self._verified[token] = claims
        if self._revocations.denies(claims):
            raise InvalidAccessToken("token revoked")
        return claims

    async def _verify(self, token: str) -> TokenClaims:
        try:
            header = jwt.get_unverified_header(token)
            key = await self._keys.key(str(header.get("kid", "")))
            claims = jwt.decode(
                token,
                key=key,
                algorithms=ALGORITHMS,
                audience=AUDIENCE,
                issuer=ISSUER,
                leeway=self._leeway,
                options={"require": ["exp", "sub", "iat"]},
            )
        except jwt.PyJWTError as error:
            raise InvalidAccessToken(str(error)) from error
        return TokenClaims(
            user_id=str(claims["sub"]),
            username=str(claims.get("username", "")),
            is_admin=bool(claims.get("is_admin", False)),
            project_id=claims.get("project_id"),
            role=claims.get("role"),
            expires_at=int(claims["exp"]),
            issued_at=float(claims["iat"]),
            api_key_id=_optional_text(claims.get("api_key_id")),
        )


def _optional_text(value: Any) -> str | None:
    return None if value is None else str(value)
