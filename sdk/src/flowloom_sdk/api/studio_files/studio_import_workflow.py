from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    *,
    body: File | File | Unset = UNSET,
    name: None | str | Unset = UNSET,
    workflow_id: None | str | Unset = UNSET,
    replace: bool | Unset = False,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_name: str | Unset | None
    if isinstance(name, Unset):
        json_name = UNSET
    else:
        json_name = name
    params["name"] = json_name

    json_workflow_id: str | Unset | None
    if isinstance(workflow_id, Unset):
        json_workflow_id = UNSET
    else:
        json_workflow_id = workflow_id
    params["workflow_id"] = json_workflow_id

    params["replace"] = replace

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/studio/workflows/import",
        "params": params,
    }

    if isinstance(body, File):
        _kwargs["content"] = body.payload
        headers["Content-Type"] = "application/yaml"
    if isinstance(body, File):
        _kwargs["content"] = body.payload
        headers["Content-Type"] = "application/zip"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 201:
        response_201 = response.json()
        return response_201

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: File | File | Unset = UNSET,
    name: None | str | Unset = UNSET,
    workflow_id: None | str | Unset = UNSET,
    replace: bool | Unset = False,
) -> Response[Any | Problem]:
    """Import a workflow file

     Body: a workflow.yaml text, or a zip of workflow.yaml and its static files. `name` overrides the
    file's name; `workflow_id` replaces that workflow's definition (answer 200) instead of creating one;
    `replace=true` replaces the definition of the workflow that has the name, if any. Names are unique
    in a project: a name another workflow has answers 409 saying so. An unreadable file, or a `when`
    over a condition limit (size, nesting: see the step's `when`), answers 422 with `errors` (`line`,
    `field`, `message`); a readable one is stored with its `problems`. A zip is read within limits on
    what it really holds (entries, bytes read out of it, the size of its workflow.yaml): past one, 422
    naming the limit.

    Args:
        name (None | str | Unset): The workflow's name.
        workflow_id (None | str | Unset): Replace this workflow.
        replace (bool | Unset): Replace the workflow that has the name, if any. Default: False.
        body (File):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        name=name,
        workflow_id=workflow_id,
        replace=replace,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: File | File | Unset = UNSET,
    name: None | str | Unset = UNSET,
    workflow_id: None | str | Unset = UNSET,
    replace: bool | Unset = False,
) -> Any | Problem | None:
    """Import a workflow file

     Body: a workflow.yaml text, or a zip of workflow.yaml and its static files. `name` overrides the
    file's name; `workflow_id` replaces that workflow's definition (answer 200) instead of creating one;
    `replace=true` replaces the definition of the workflow that has the name, if any. Names are unique
    in a project: a name another workflow has answers 409 saying so. An unreadable file, or a `when`
    over a condition limit (size, nesting: see the step's `when`), answers 422 with `errors` (`line`,
    `field`, `message`); a readable one is stored with its `problems`. A zip is read within limits on
    what it really holds (entries, bytes read out of it, the size of its workflow.yaml): past one, 422
    naming the limit.

    Args:
        name (None | str | Unset): The workflow's name.
        workflow_id (None | str | Unset): Replace this workflow.
        replace (bool | Unset): Replace the workflow that has the name, if any. Default: False.
        body (File):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        name=name,
        workflow_id=workflow_id,
        replace=replace,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: File | File | Unset = UNSET,
    name: None | str | Unset = UNSET,
    workflow_id: None | str | Unset = UNSET,
    replace: bool | Unset = False,
) -> Response[Any | Problem]:
    """Import a workflow file

     Body: a workflow.yaml text, or a zip of workflow.yaml and its static files. `name` overrides the
    file's name; `workflow_id` replaces that workflow's definition (answer 200) instead of creating one;
    `replace=true` replaces the definition of the workflow that has the name, if any. Names are unique
    in a project: a name another workflow has answers 409 saying so. An unreadable file, or a `when`
    over a condition limit (size, nesting: see the step's `when`), answers 422 with `errors` (`line`,
    `field`, `message`); a readable one is stored with its `problems`. A zip is read within limits on
    what it really holds (entries, bytes read out of it, the size of its workflow.yaml): past one, 422
    naming the limit.

    Args:
        name (None | str | Unset): The workflow's name.
        workflow_id (None | str | Unset): Replace this workflow.
        replace (bool | Unset): Replace the workflow that has the name, if any. Default: False.
        body (File):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        name=name,
        workflow_id=workflow_id,
        replace=replace,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: File | File | Unset = UNSET,
    name: None | str | Unset = UNSET,
    workflow_id: None | str | Unset = UNSET,
    replace: bool | Unset = False,
) -> Any | Problem | None:
    """Import a workflow file

     Body: a workflow.yaml text, or a zip of workflow.yaml and its static files. `name` overrides the
    file's name; `workflow_id` replaces that workflow's definition (answer 200) instead of creating one;
    `replace=true` replaces the definition of the workflow that has the name, if any. Names are unique
    in a project: a name another workflow has answers 409 saying so. An unreadable file, or a `when`
    over a condition limit (size, nesting: see the step's `when`), answers 422 with `errors` (`line`,
    `field`, `message`); a readable one is stored with its `problems`. A zip is read within limits on
    what it really holds (entries, bytes read out of it, the size of its workflow.yaml): past one, 422
    naming the limit.

    Args:
        name (None | str | Unset): The workflow's name.
        workflow_id (None | str | Unset): Replace this workflow.
        replace (bool | Unset): Replace the workflow that has the name, if any. Default: False.
        body (File):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            name=name,
            workflow_id=workflow_id,
            replace=replace,
        )
    ).parsed
