from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.action_state import ActionState
from ...models.problem import Problem
from ...models.repository_action_page import RepositoryActionPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    source_id: None | str | Unset = UNSET,
    state: ActionState | None | Unset = UNSET,
    kind: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_source_id: str | Unset | None
    if isinstance(source_id, Unset):
        json_source_id = UNSET
    else:
        json_source_id = source_id
    params["source_id"] = json_source_id

    json_state: str | Unset | None
    if isinstance(state, Unset):
        json_state = UNSET
    elif isinstance(state, str):
        json_state = state
    else:
        json_state = state
    params["state"] = json_state

    json_kind: str | Unset | None
    if isinstance(kind, Unset):
        json_kind = UNSET
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_q: str | Unset | None
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    params["limit"] = limit

    json_cursor: str | Unset | None
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/repository/actions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | RepositoryActionPage | None:
    if response.status_code == 200:
        response_200 = RepositoryActionPage.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[Problem | RepositoryActionPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    source_id: None | str | Unset = UNSET,
    state: ActionState | None | Unset = UNSET,
    kind: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Problem | RepositoryActionPage]:
    """List actions

     Every action path of the project's sources, with filters; paginated.

    Args:
        source_id (None | str | Unset): Only this source's actions.
        state (ActionState | None | Unset): Scanned, Built, …
        kind (None | str | Unset): Processor, Publisher or Source.
        q (None | str | Unset): Text search.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page (422 for one no page
            handed out).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RepositoryActionPage]
    """

    kwargs = _get_kwargs(
        source_id=source_id,
        state=state,
        kind=kind,
        q=q,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    source_id: None | str | Unset = UNSET,
    state: ActionState | None | Unset = UNSET,
    kind: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Problem | RepositoryActionPage | None:
    """List actions

     Every action path of the project's sources, with filters; paginated.

    Args:
        source_id (None | str | Unset): Only this source's actions.
        state (ActionState | None | Unset): Scanned, Built, …
        kind (None | str | Unset): Processor, Publisher or Source.
        q (None | str | Unset): Text search.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page (422 for one no page
            handed out).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RepositoryActionPage
    """

    return sync_detailed(
        client=client,
        source_id=source_id,
        state=state,
        kind=kind,
        q=q,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    source_id: None | str | Unset = UNSET,
    state: ActionState | None | Unset = UNSET,
    kind: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Problem | RepositoryActionPage]:
    """List actions

     Every action path of the project's sources, with filters; paginated.

    Args:
        source_id (None | str | Unset): Only this source's actions.
        state (ActionState | None | Unset): Scanned, Built, …
        kind (None | str | Unset): Processor, Publisher or Source.
        q (None | str | Unset): Text search.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page (422 for one no page
            handed out).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RepositoryActionPage]
    """

    kwargs = _get_kwargs(
        source_id=source_id,
        state=state,
        kind=kind,
        q=q,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    source_id: None | str | Unset = UNSET,
    state: ActionState | None | Unset = UNSET,
    kind: None | str | Unset = UNSET,
    q: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Problem | RepositoryActionPage | None:
    """List actions

     Every action path of the project's sources, with filters; paginated.

    Args:
        source_id (None | str | Unset): Only this source's actions.
        state (ActionState | None | Unset): Scanned, Built, …
        kind (None | str | Unset): Processor, Publisher or Source.
        q (None | str | Unset): Text search.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page (422 for one no page
            handed out).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RepositoryActionPage
    """

    return (
        await asyncio_detailed(
            client=client,
            source_id=source_id,
            state=state,
            kind=kind,
            q=q,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
