from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.user_changes_request import UserChangesRequest
from ...models.user_out import UserOut
from ...types import Response


def _get_kwargs(
    user_id: str,
    *,
    body: UserChangesRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/authorization/users/{user_id}".format(
            user_id=quote(str(user_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | UserOut | None:
    if response.status_code == 200:
        response_200 = UserOut.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

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
) -> Response[Problem | UserOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    user_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UserChangesRequest,
) -> Response[Problem | UserOut]:
    """Change a user

     Only the fields sent change. Deactivating or demoting the last active admin is refused (409).
    Deactivating or setting a password ends the user's sessions (refresh tokens deleted, for good);
    deactivating, setting a password or removing admin rights makes every service refuse the access
    tokens issued to the user so far, within seconds.

    Args:
        user_id (str):
        body (UserChangesRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserOut]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    user_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UserChangesRequest,
) -> Problem | UserOut | None:
    """Change a user

     Only the fields sent change. Deactivating or demoting the last active admin is refused (409).
    Deactivating or setting a password ends the user's sessions (refresh tokens deleted, for good);
    deactivating, setting a password or removing admin rights makes every service refuse the access
    tokens issued to the user so far, within seconds.

    Args:
        user_id (str):
        body (UserChangesRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserOut
    """

    return sync_detailed(
        user_id=user_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    user_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UserChangesRequest,
) -> Response[Problem | UserOut]:
    """Change a user

     Only the fields sent change. Deactivating or demoting the last active admin is refused (409).
    Deactivating or setting a password ends the user's sessions (refresh tokens deleted, for good);
    deactivating, setting a password or removing admin rights makes every service refuse the access
    tokens issued to the user so far, within seconds.

    Args:
        user_id (str):
        body (UserChangesRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserOut]
    """

    kwargs = _get_kwargs(
        user_id=user_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    user_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: UserChangesRequest,
) -> Problem | UserOut | None:
    """Change a user

     Only the fields sent change. Deactivating or demoting the last active admin is refused (409).
    Deactivating or setting a password ends the user's sessions (refresh tokens deleted, for good);
    deactivating, setting a password or removing admin rights makes every service refuse the access
    tokens issued to the user so far, within seconds.

    Args:
        user_id (str):
        body (UserChangesRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserOut
    """

    return (
        await asyncio_detailed(
            user_id=user_id,
            client=client,
            body=body,
        )
    ).parsed
