from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    run_id: str,
    execution_id: str,
    *,
    after: int | None | Unset = UNSET,
    attempt: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_after: int | Unset | None
    if isinstance(after, Unset):
        json_after = UNSET
    else:
        json_after = after
    params["after"] = json_after

    json_attempt: int | Unset | None
    if isinstance(attempt, Unset):
        json_attempt = UNSET
    else:
        json_attempt = attempt
    params["attempt"] = json_attempt

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/runner/runs/{run_id}/executions/{execution_id}/logs/stream".format(
            run_id=quote(str(run_id), safe=""),
            execution_id=quote(str(execution_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
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
) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    run_id: str,
    execution_id: str,
    *,
    client: AuthenticatedClient | Client,
    after: int | None | Unset = UNSET,
    attempt: int | None | Unset = UNSET,
) -> Response[Problem | str]:
    """Follow an execution's log live

     Server-Sent Events: one `line` event per log line (JSON, masked as in the pages), then `end` when
    the run has ended and every line was sent. A run that is not the project's (or does not exist), or
    an execution that is not the run's, answers 404 (a problem) before any event.

    Args:
        run_id (str):
        execution_id (str):
        after (int | None | Unset): Number of the last line already seen.
        attempt (int | None | Unset): Only the lines of this attempt (1 for the first); every line
            without it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        execution_id=execution_id,
        after=after,
        attempt=attempt,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    run_id: str,
    execution_id: str,
    *,
    client: AuthenticatedClient | Client,
    after: int | None | Unset = UNSET,
    attempt: int | None | Unset = UNSET,
) -> Problem | str | None:
    """Follow an execution's log live

     Server-Sent Events: one `line` event per log line (JSON, masked as in the pages), then `end` when
    the run has ended and every line was sent. A run that is not the project's (or does not exist), or
    an execution that is not the run's, answers 404 (a problem) before any event.

    Args:
        run_id (str):
        execution_id (str):
        after (int | None | Unset): Number of the last line already seen.
        attempt (int | None | Unset): Only the lines of this attempt (1 for the first); every line
            without it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        run_id=run_id,
        execution_id=execution_id,
        client=client,
        after=after,
        attempt=attempt,
    ).parsed


async def asyncio_detailed(
    run_id: str,
    execution_id: str,
    *,
    client: AuthenticatedClient | Client,
    after: int | None | Unset = UNSET,
    attempt: int | None | Unset = UNSET,
) -> Response[Problem | str]:
    """Follow an execution's log live

     Server-Sent Events: one `line` event per log line (JSON, masked as in the pages), then `end` when
    the run has ended and every line was sent. A run that is not the project's (or does not exist), or
    an execution that is not the run's, answers 404 (a problem) before any event.

    Args:
        run_id (str):
        execution_id (str):
        after (int | None | Unset): Number of the last line already seen.
        attempt (int | None | Unset): Only the lines of this attempt (1 for the first); every line
            without it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        run_id=run_id,
        execution_id=execution_id,
        after=after,
        attempt=attempt,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    run_id: str,
    execution_id: str,
    *,
    client: AuthenticatedClient | Client,
    after: int | None | Unset = UNSET,
    attempt: int | None | Unset = UNSET,
) -> Problem | str | None:
    """Follow an execution's log live

     Server-Sent Events: one `line` event per log line (JSON, masked as in the pages), then `end` when
    the run has ended and every line was sent. A run that is not the project's (or does not exist), or
    an execution that is not the run's, answers 404 (a problem) before any event.

    Args:
        run_id (str):
        execution_id (str):
        after (int | None | Unset): Number of the last line already seen.
        attempt (int | None | Unset): Only the lines of this attempt (1 for the first); every line
            without it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            run_id=run_id,
            execution_id=execution_id,
            client=client,
            after=after,
            attempt=attempt,
        )
    ).parsed
