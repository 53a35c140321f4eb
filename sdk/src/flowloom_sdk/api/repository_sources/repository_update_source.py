from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.source_out import SourceOut
from ...models.source_update import SourceUpdate
from ...types import Response


def _get_kwargs(
    source_id: str,
    *,
    body: SourceUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/repository/sources/{source_id}".format(
            source_id=quote(str(source_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SourceOut | None:
    if response.status_code == 200:
        response_200 = SourceOut.from_dict(response.json())

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
) -> Response[Problem | SourceOut]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    source_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SourceUpdate,
) -> Response[Problem | SourceOut]:
    """Change a source

     Rename it, change its URL or branch, set or clear its credentials. A new `url` (even the same one)
    is checked with the caller's reach, which scans then use. Where the URL may lead depends on who sets
    it: no source may read the platform's own data (its data directories, the git cache); a platform
    admin may name any other path or host; other users may name file:// paths only under the directories
    an administrator opened (`LOCAL_ROOTS`), and https/ssh hosts only on public addresses (not loopback,
    link-local, private, unspecified, multicast or reserved) unless `ALLOWED_NETWORKS` admits them.
    Paths are compared after resolving symlinks, host names after resolving them; a refused URL is a 422
    problem on `url` saying why. Every scan checks again, with the reach of whoever set the URL.

    Args:
        source_id (str):
        body (SourceUpdate): Fields left out stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SourceOut]
    """

    kwargs = _get_kwargs(
        source_id=source_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    source_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SourceUpdate,
) -> Problem | SourceOut | None:
    """Change a source

     Rename it, change its URL or branch, set or clear its credentials. A new `url` (even the same one)
    is checked with the caller's reach, which scans then use. Where the URL may lead depends on who sets
    it: no source may read the platform's own data (its data directories, the git cache); a platform
    admin may name any other path or host; other users may name file:// paths only under the directories
    an administrator opened (`LOCAL_ROOTS`), and https/ssh hosts only on public addresses (not loopback,
    link-local, private, unspecified, multicast or reserved) unless `ALLOWED_NETWORKS` admits them.
    Paths are compared after resolving symlinks, host names after resolving them; a refused URL is a 422
    problem on `url` saying why. Every scan checks again, with the reach of whoever set the URL.

    Args:
        source_id (str):
        body (SourceUpdate): Fields left out stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SourceOut
    """

    return sync_detailed(
        source_id=source_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    source_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SourceUpdate,
) -> Response[Problem | SourceOut]:
    """Change a source

     Rename it, change its URL or branch, set or clear its credentials. A new `url` (even the same one)
    is checked with the caller's reach, which scans then use. Where the URL may lead depends on who sets
    it: no source may read the platform's own data (its data directories, the git cache); a platform
    admin may name any other path or host; other users may name file:// paths only under the directories
    an administrator opened (`LOCAL_ROOTS`), and https/ssh hosts only on public addresses (not loopback,
    link-local, private, unspecified, multicast or reserved) unless `ALLOWED_NETWORKS` admits them.
    Paths are compared after resolving symlinks, host names after resolving them; a refused URL is a 422
    problem on `url` saying why. Every scan checks again, with the reach of whoever set the URL.

    Args:
        source_id (str):
        body (SourceUpdate): Fields left out stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SourceOut]
    """

    kwargs = _get_kwargs(
        source_id=source_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    source_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SourceUpdate,
) -> Problem | SourceOut | None:
    """Change a source

     Rename it, change its URL or branch, set or clear its credentials. A new `url` (even the same one)
    is checked with the caller's reach, which scans then use. Where the URL may lead depends on who sets
    it: no source may read the platform's own data (its data directories, the git cache); a platform
    admin may name any other path or host; other users may name file:// paths only under the directories
    an administrator opened (`LOCAL_ROOTS`), and https/ssh hosts only on public addresses (not loopback,
    link-local, private, unspecified, multicast or reserved) unless `ALLOWED_NETWORKS` admits them.
    Paths are compared after resolving symlinks, host names after resolving them; a refused URL is a 422
    problem on `url` saying why. Every scan checks again, with the reach of whoever set the URL.

    Args:
        source_id (str):
        body (SourceUpdate): Fields left out stay as they are.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SourceOut
    """

    return (
        await asyncio_detailed(
            source_id=source_id,
            client=client,
            body=body,
        )
    ).parsed
