from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.trigger_log_page import TriggerLogPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    workflow_id: str,
    *,
    limit: int | Unset = 200,
    after: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    json_after: int | Unset | None
    if isinstance(after, Unset):
        json_after = UNSET
    else:
        json_after = after
    params["after"] = json_after

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/runner/deployments/{workflow_id}/logs".format(
            workflow_id=quote(str(workflow_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | TriggerLogPage | None:
    if response.status_code == 200:
        response_200 = TriggerLogPage.from_dict(response.json())

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
) -> Response[Problem | TriggerLogPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 200,
    after: int | None | Unset = UNSET,
) -> Response[Problem | TriggerLogPage]:
    """Log lines of a deployment's trigger

     What the deployed version's source wrote (stdout and stderr), in order, a page at a time; its
    password inputs and secrets masked as `***`. Empty for a manual or cron trigger.

    Args:
        workflow_id (str):
        limit (int | Unset):  Default: 200.
        after (int | None | Unset): Number of the last line already seen.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TriggerLogPage]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        limit=limit,
        after=after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 200,
    after: int | None | Unset = UNSET,
) -> Problem | TriggerLogPage | None:
    """Log lines of a deployment's trigger

     What the deployed version's source wrote (stdout and stderr), in order, a page at a time; its
    password inputs and secrets masked as `***`. Empty for a manual or cron trigger.

    Args:
        workflow_id (str):
        limit (int | Unset):  Default: 200.
        after (int | None | Unset): Number of the last line already seen.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TriggerLogPage
    """

    return sync_detailed(
        workflow_id=workflow_id,
        client=client,
        limit=limit,
        after=after,
    ).parsed


async def asyncio_detailed(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 200,
    after: int | None | Unset = UNSET,
) -> Response[Problem | TriggerLogPage]:
    """Log lines of a deployment's trigger

     What the deployed version's source wrote (stdout and stderr), in order, a page at a time; its
    password inputs and secrets masked as `***`. Empty for a manual or cron trigger.

    Args:
        workflow_id (str):
        limit (int | Unset):  Default: 200.
        after (int | None | Unset): Number of the last line already seen.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TriggerLogPage]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        limit=limit,
        after=after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 200,
    after: int | None | Unset = UNSET,
) -> Problem | TriggerLogPage | None:
    """Log lines of a deployment's trigger

     What the deployed version's source wrote (stdout and stderr), in order, a page at a time; its
    password inputs and secrets masked as `***`. Empty for a manual or cron trigger.

    Args:
        workflow_id (str):
        limit (int | Unset):  Default: 200.
        after (int | None | Unset): Number of the last line already seen.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TriggerLogPage
    """

    return (
        await asyncio_detailed(
            workflow_id=workflow_id,
            client=client,
            limit=limit,
            after=after,
        )
    ).parsed
