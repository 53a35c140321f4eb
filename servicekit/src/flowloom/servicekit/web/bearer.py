"""FastAPI dependency that turns `Authorization: Bearer …` into verified claims (or a 401)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from flowloom.servicekit.tokens import (
    InvalidAccessToken,
    KeysUnavailable,
    TokenClaims,
    TokenVerifier,
)
from flowloom.servicekit.web.problems import DependencyUnavailable

_bearer = HTTPBearer(auto_error=False, description="Access token from the authorization service")

UNAUTHORIZED_HEADERS = {"WWW-Authenticate": "Bearer"}


def bearer_claims(
    verifier: Callable[[], TokenVerifier],
) -> Callable[[Request], Awaitable[TokenClaims]]:
    """Build the dependency; `verifier` is looked up per request (opened in the lifespan)."""

    async def dependency(request: Request) -> TokenClaims:
        credentials: HTTPAuthorizationCredentials | None = await _bearer(request)
        if credentials is None:
            raise HTTPException(401, "Missing bearer token", headers=UNAUTHORIZED_HEADERS)
        try:
            return await verifier().verify(credentials.credentials)
        except InvalidAccessToken as error:
            raise HTTPException(
                401, f"Invalid access token: {error}", headers=UNAUTHORIZED_HEADERS
            ) from error
        except KeysUnavailable as error:
            raise DependencyUnavailable("authorization service") from error

    return dependency
