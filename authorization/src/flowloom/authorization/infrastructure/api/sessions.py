"""Login, token refresh and rotation, logout, the caller's profile and project switch."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from flowloom.authorization.application.views import TokenPair
from flowloom.authorization.infrastructure.api import schemas
from flowloom.authorization.infrastructure.api.answers import NOT_FOUND, TOO_MANY, UNAUTHORIZED
from flowloom.authorization.infrastructure.api.deps import (
    Authentication,
    ClientAddress,
    CurrentActor,
    Users,
    container,
)

router = APIRouter(prefix="/api/authorization", tags=["sessions"])
PUBLIC: dict[str, object] = {"security": []}


def token_response(pair: TokenPair) -> schemas.TokenResponse:
    claims = pair.access
    return schemas.TokenResponse(
        access_token=pair.access_token,
        expires_in=int((claims.expires_at - claims.issued_at).total_seconds()),
        expires_at=claims.expires_at,
        refresh_token=pair.refresh_token,
        refresh_expires_at=pair.refresh_expires_at,
        project_id=claims.project_id,
        role=claims.role,
    )


@router.post(
    "/login",
    summary="Log in with a password",
    description="Returns a short-lived access token and a rotating refresh token. Wrong "
    "credentials answer 401 without telling whether the user exists. Failed logins lock that "
    "username from that client address only (the user still logs in from elsewhere), and "
    "many failures from one address, for any usernames, lock the address: 429 with "
    "`Retry-After` for a delay that doubles with each further failure, up to a cap. The "
    "client address is the connection's, or the one a trusted proxy (`TRUSTED_PROXIES`) "
    "reports in `X-Forwarded-For`.",
    openapi_extra=PUBLIC,
    responses={**UNAUTHORIZED, **TOO_MANY},
)
async def login(
    body: schemas.LoginRequest, auth: Authentication, address: ClientAddress
) -> schemas.TokenResponse:
    pair = await auth.login(body.username, body.password, body.project_id, address=address)
    return token_response(pair)


@router.post(
    "/tokens/refresh",
    summary="Rotate a refresh token",
    description="Revokes the given refresh token and returns a new pair. Presenting a token "
    "that was already rotated revokes its whole session (token theft).",
    openapi_extra=PUBLIC,
    responses=UNAUTHORIZED,
)
async def refresh(body: schemas.RefreshRequest, auth: Authentication) -> schemas.TokenResponse:
    return token_response(await auth.refresh(body.refresh_token))


@router.post(
    "/logout",
    status_code=204,
    summary="Log out",
    description="Revokes the refresh token. Idempotent.",
    openapi_extra=PUBLIC,
)
async def logout(body: schemas.RefreshRequest, auth: Authentication) -> Response:
    await auth.logout(body.refresh_token)
    return Response(status_code=204)


@router.post(
    "/api-keys/exchange",
    summary="Exchange an API key for an access token",
    description="For scripts and CI: the token is scoped to the key's project with the "
    "owner's current role there. No refresh token is issued.",
    openapi_extra=PUBLIC,
    responses=UNAUTHORIZED,
)
async def exchange_api_key(
    body: schemas.ApiKeyExchangeRequest, auth: Authentication
) -> schemas.TokenResponse:
    return token_response(await auth.exchange_api_key(body.api_key))


@router.get("/me", summary="The caller", description="Profile, memberships and current project.")
async def me(actor: CurrentActor, users: Users) -> schemas.MeOut:
    return schemas.MeOut.model_validate(await users.me(actor))


@router.post(
    "/me/project",
    summary="Switch the current project",
    description="Returns a new token pair scoped to the project (member or admin only).",
    responses=NOT_FOUND,
)
async def switch_project(
    body: schemas.SwitchProjectRequest, actor: CurrentActor, auth: Authentication
) -> schemas.TokenResponse:
    pair = await auth.switch_project(actor, body.project_id, body.refresh_token)
    return token_response(pair)


@router.put(
    "/me/password",
    summary="Change my password",
    description="Needs the current password (401 when it is wrong). Ends every session of the "
    "user: refresh tokens are deleted and every access token issued so far is refused by "
    "every service within seconds, the one of this call included. Returns a new token pair "
    "for the caller's current project, so this session goes on with it.",
)
async def change_password(
    body: schemas.ChangePasswordRequest, actor: CurrentActor, auth: Authentication
) -> schemas.TokenResponse:
    pair = await auth.change_password(actor, body.old_password, body.new_password)
    return token_response(pair)


@router.get(
    "/.well-known/jwks.json",
    summary="Token verification keys",
    description="The public keys (JWKS) other services use to verify access tokens locally.",
    openapi_extra=PUBLIC,
)
async def jwks(request: Request) -> dict[str, Any]:
    keys: dict[str, Any] = await container(request).signing_keys().jwks()
    return keys
