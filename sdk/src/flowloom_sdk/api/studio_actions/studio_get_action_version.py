from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.studio_action_out import StudioActionOut
from ...types import Response


def _get_kwargs(
    technical_name: str,
    version: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/studio/actions/{technical_name}/versions/{version}".format(
            technical_name=quote(str(technical_name), safe=""),
            version=quote(str(version), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | StudioActionOut | None:
    if response.status_code == 200:
        response_200 = StudioActionOut.from_dict(response.json())

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
) -> Response[Problem | StudioActionOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    technical_name: str,
    version: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | StudioActionOut]:
    """One version of an action

     Inputs and outputs (types, defaults, enum values), resources, kind, source.

    Args:
        technical_name (str):
        version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StudioActionOut]
    """

    kwargs = _get_kwargs(
        technical_name=technical_name,
        version=version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    technical_name: str,
    version: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | StudioActionOut | None:
    """One version of an action

     Inputs and outputs (types, defaults, enum values), resources, kind, source.

    Args:
        technical_name (str):
        version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StudioActionOut
    """

    return sync_detailed(
        technical_name=technical_name,
        version=version,
        client=client,
    ).parsed


async def asyncio_detailed(
    technical_name: str,
    version: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Problem | StudioActionOut]:
    """One version of an action

     Inputs and outputs (types, defaults, enum values), resources, kind, source.

    Args:
        technical_name (str):
        version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StudioActionOut]
    """

    kwargs = _get_kwargs(
        technical_name=technical_name,
        version=version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    technical_name: str,
    version: str,
    *,
    client: AuthenticatedClient | Client,
) -> Problem | StudioActionOut | None:
    """One version of an action

     Inputs and outputs (types, defaults, enum values), resources, kind, source.

    Args:
        technical_name (str):
        version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StudioActionOut
    """

    return (
        await asyncio_detailed(
            technical_name=technical_name,
            version=version,
            client=client,
        )
    ).parsed
