from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.action_kind import ActionKind
from ...models.problem import Problem
from ...models.studio_action_page import StudioActionPage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: None | str | Unset = UNSET,
    kind: ActionKind | None | Unset = UNSET,
    category: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_q: str | Unset | None
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_kind: str | Unset | None
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, str):
        json_kind = kind
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_category: str | Unset | None
    if isinstance(category, Unset):
        json_category = UNSET
    else:
        json_category = category
    params["category"] = json_category

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
        "url": "/api/studio/actions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | StudioActionPage | None:
    if response.status_code == 200:
        response_200 = StudioActionPage.from_dict(response.json())

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
) -> Response[Problem | StudioActionPage]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    q: None | str | Unset = UNSET,
    kind: ActionKind | None | Unset = UNSET,
    category: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Problem | StudioActionPage]:
    """Search the action store

     One entry per action (technical name): its newest version and the list of published versions. `q`
    matches the technical name, the human name and the description.

    Args:
        q (None | str | Unset): Text to look for.
        kind (ActionKind | None | Unset): Source, Processor, Publisher.
        category (None | str | Unset): Only this category.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page (422 for one no page
            handed out).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StudioActionPage]
    """

    kwargs = _get_kwargs(
        q=q,
        kind=kind,
        category=category,
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
    q: None | str | Unset = UNSET,
    kind: ActionKind | None | Unset = UNSET,
    category: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Problem | StudioActionPage | None:
    """Search the action store

     One entry per action (technical name): its newest version and the list of published versions. `q`
    matches the technical name, the human name and the description.

    Args:
        q (None | str | Unset): Text to look for.
        kind (ActionKind | None | Unset): Source, Processor, Publisher.
        category (None | str | Unset): Only this category.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page (422 for one no page
            handed out).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StudioActionPage
    """

    return sync_detailed(
        client=client,
        q=q,
        kind=kind,
        category=category,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    q: None | str | Unset = UNSET,
    kind: ActionKind | None | Unset = UNSET,
    category: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Response[Problem | StudioActionPage]:
    """Search the action store

     One entry per action (technical name): its newest version and the list of published versions. `q`
    matches the technical name, the human name and the description.

    Args:
        q (None | str | Unset): Text to look for.
        kind (ActionKind | None | Unset): Source, Processor, Publisher.
        category (None | str | Unset): Only this category.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page (422 for one no page
            handed out).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StudioActionPage]
    """

    kwargs = _get_kwargs(
        q=q,
        kind=kind,
        category=category,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    q: None | str | Unset = UNSET,
    kind: ActionKind | None | Unset = UNSET,
    category: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: None | str | Unset = UNSET,
) -> Problem | StudioActionPage | None:
    """Search the action store

     One entry per action (technical name): its newest version and the list of published versions. `q`
    matches the technical name, the human name and the description.

    Args:
        q (None | str | Unset): Text to look for.
        kind (ActionKind | None | Unset): Source, Processor, Publisher.
        category (None | str | Unset): Only this category.
        limit (int | Unset): Page size. Default: 50.
        cursor (None | str | Unset): `next_cursor` of the previous page (422 for one no page
            handed out).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StudioActionPage
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            kind=kind,
            category=category,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
