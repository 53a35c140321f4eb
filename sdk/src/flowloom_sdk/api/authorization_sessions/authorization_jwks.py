from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.authorization_jwks_response_jwks_api_authorization_well_known_jwks_json_get import (
    AuthorizationJwksResponseJwksApiAuthorizationWellKnownJwksJsonGet,
)
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/authorization/.well-known/jwks.json",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuthorizationJwksResponseJwksApiAuthorizationWellKnownJwksJsonGet | Problem | None:
    if response.status_code == 200:
        response_200 = AuthorizationJwksResponseJwksApiAuthorizationWellKnownJwksJsonGet.from_dict(
            response.json()
        )

        return response_200

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuthorizationJwksResponseJwksApiAuthorizationWellKnownJwksJsonGet | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[AuthorizationJwksResponseJwksApiAuthorizationWellKnownJwksJsonGet | Problem]:
    """Token verification keys

     The public keys (JWKS) other services use to verify access tokens locally.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthorizationJwksResponseJwksApiAuthorizationWellKnownJwksJsonGet | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> AuthorizationJwksResponseJwksApiAuthorizationWellKnownJwksJsonGet | Problem | None:
    """Token verification keys

     The public keys (JWKS) other services use to verify access tokens locally.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthorizationJwksResponseJwksApiAuthorizationWellKnownJwksJsonGet | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[AuthorizationJwksResponseJwksApiAuthorizationWellKnownJwksJsonGet | Problem]:
    """Token verification keys

     The public keys (JWKS) other services use to verify access tokens locally.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuthorizationJwksResponseJwksApiAuthorizationWellKnownJwksJsonGet | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> AuthorizationJwksResponseJwksApiAuthorizationWellKnownJwksJsonGet | Problem | None:
    """Token verification keys

     The public keys (JWKS) other services use to verify access tokens locally.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuthorizationJwksResponseJwksApiAuthorizationWellKnownJwksJsonGet | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
