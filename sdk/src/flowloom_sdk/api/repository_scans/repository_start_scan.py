from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.scan_out import ScanOut
from ...models.scan_request import ScanRequest
from ...types import UNSET, Response, Unset


def _get_kwargs(
    source_id: str,
    *,
    body: None | ScanRequest | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/repository/sources/{source_id}/scans".format(
            source_id=quote(str(source_id), safe=""),
        ),
    }

    if isinstance(body, ScanRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ScanOut | None:
    if response.status_code == 202:
        response_202 = ScanOut.from_dict(response.json())

        return response_202

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
) -> Response[Problem | ScanOut]:
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
    body: None | ScanRequest | Unset = UNSET,
) -> Response[Problem | ScanOut]:
    """Scan a source

     Starts a scan of the branch, tag or commit `ref` (default: the source's branch) and answers at once
    with the scan Running; poll `GET /scans/{id}`. Before git reads the repository, its URL is checked
    again with the reach of whoever set it (a symlink or a DNS answer may have changed): a URL that now
    leads where it may not fails the scan with `error` starting `refused to read the repository:`.

    Args:
        source_id (str):
        body (None | ScanRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ScanOut]
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
    body: None | ScanRequest | Unset = UNSET,
) -> Problem | ScanOut | None:
    """Scan a source

     Starts a scan of the branch, tag or commit `ref` (default: the source's branch) and answers at once
    with the scan Running; poll `GET /scans/{id}`. Before git reads the repository, its URL is checked
    again with the reach of whoever set it (a symlink or a DNS answer may have changed): a URL that now
    leads where it may not fails the scan with `error` starting `refused to read the repository:`.

    Args:
        source_id (str):
        body (None | ScanRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ScanOut
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
    body: None | ScanRequest | Unset = UNSET,
) -> Response[Problem | ScanOut]:
    """Scan a source

     Starts a scan of the branch, tag or commit `ref` (default: the source's branch) and answers at once
    with the scan Running; poll `GET /scans/{id}`. Before git reads the repository, its URL is checked
    again with the reach of whoever set it (a symlink or a DNS answer may have changed): a URL that now
    leads where it may not fails the scan with `error` starting `refused to read the repository:`.

    Args:
        source_id (str):
        body (None | ScanRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ScanOut]
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
    body: None | ScanRequest | Unset = UNSET,
) -> Problem | ScanOut | None:
    """Scan a source

     Starts a scan of the branch, tag or commit `ref` (default: the source's branch) and answers at once
    with the scan Running; poll `GET /scans/{id}`. Before git reads the repository, its URL is checked
    again with the reach of whoever set it (a symlink or a DNS answer may have changed): a URL that now
    leads where it may not fails the scan with `error` starting `refused to read the repository:`.

    Args:
        source_id (str):
        body (None | ScanRequest | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ScanOut
    """

    return (
        await asyncio_detailed(
            source_id=source_id,
            client=client,
            body=body,
        )
    ).parsed
