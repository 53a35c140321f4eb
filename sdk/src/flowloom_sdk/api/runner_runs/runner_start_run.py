from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.run_started import RunStarted
from ...models.runner_start_run_files_run_form import RunnerStartRunFilesRunForm
from ...models.runner_start_run_json_run_inputs import RunnerStartRunJsonRunInputs
from ...types import UNSET, Response, Unset


def _get_kwargs(
    workflow_id: str,
    *,
    body: RunnerStartRunJsonRunInputs | RunnerStartRunFilesRunForm | Unset = UNSET,
    wait: float | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_wait: float | Unset | None
    if isinstance(wait, Unset):
        json_wait = UNSET
    else:
        json_wait = wait
    params["wait"] = json_wait

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/runner/workflows/{workflow_id}/runs".format(
            workflow_id=quote(str(workflow_id), safe=""),
        ),
        "params": params,
    }

    if isinstance(body, RunnerStartRunJsonRunInputs):
        if not isinstance(body, Unset):
            _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, RunnerStartRunFilesRunForm):
        if not isinstance(body, Unset):
            _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | RunStarted | None:
    if response.status_code == 201:
        response_201 = RunStarted.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

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
) -> Response[Problem | RunStarted]:
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
    body: RunnerStartRunJsonRunInputs | RunnerStartRunFilesRunForm | Unset = UNSET,
    wait: float | None | Unset = UNSET,
) -> Response[Problem | RunStarted]:
    """Start a run by hand

     The body gives the trigger's outputs: JSON (`{"inputs": {"name": value}}`) or a multipart form
    (files as file fields, other fields as text read by type). With `wait`, the answer comes once the
    run has ended (or `wait` seconds have passed) and carries its state. A value that does not fit an
    input, a missing one or a name that is not an input answers 422 (title `Invalid run inputs`),
    `errors` naming each input (`inputs.<name>`: `input 'letter' is required`). A workflow that is not
    deployed (never deployed, undeployed, unknown in the project) answers 409 saying so.

    Args:
        workflow_id (str):
        wait (float | None | Unset): Seconds to wait for the run's end before answering.
        body (RunnerStartRunJsonRunInputs | Unset):
        body (RunnerStartRunFilesRunForm | Unset): One field per trigger output: files as file
            fields, other values as text read by the output's type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RunStarted]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        body=body,
        wait=wait,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RunnerStartRunJsonRunInputs | RunnerStartRunFilesRunForm | Unset = UNSET,
    wait: float | None | Unset = UNSET,
) -> Problem | RunStarted | None:
    """Start a run by hand

     The body gives the trigger's outputs: JSON (`{"inputs": {"name": value}}`) or a multipart form
    (files as file fields, other fields as text read by type). With `wait`, the answer comes once the
    run has ended (or `wait` seconds have passed) and carries its state. A value that does not fit an
    input, a missing one or a name that is not an input answers 422 (title `Invalid run inputs`),
    `errors` naming each input (`inputs.<name>`: `input 'letter' is required`). A workflow that is not
    deployed (never deployed, undeployed, unknown in the project) answers 409 saying so.

    Args:
        workflow_id (str):
        wait (float | None | Unset): Seconds to wait for the run's end before answering.
        body (RunnerStartRunJsonRunInputs | Unset):
        body (RunnerStartRunFilesRunForm | Unset): One field per trigger output: files as file
            fields, other values as text read by the output's type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RunStarted
    """

    return sync_detailed(
        workflow_id=workflow_id,
        client=client,
        body=body,
        wait=wait,
    ).parsed


async def asyncio_detailed(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RunnerStartRunJsonRunInputs | RunnerStartRunFilesRunForm | Unset = UNSET,
    wait: float | None | Unset = UNSET,
) -> Response[Problem | RunStarted]:
    """Start a run by hand

     The body gives the trigger's outputs: JSON (`{"inputs": {"name": value}}`) or a multipart form
    (files as file fields, other fields as text read by type). With `wait`, the answer comes once the
    run has ended (or `wait` seconds have passed) and carries its state. A value that does not fit an
    input, a missing one or a name that is not an input answers 422 (title `Invalid run inputs`),
    `errors` naming each input (`inputs.<name>`: `input 'letter' is required`). A workflow that is not
    deployed (never deployed, undeployed, unknown in the project) answers 409 saying so.

    Args:
        workflow_id (str):
        wait (float | None | Unset): Seconds to wait for the run's end before answering.
        body (RunnerStartRunJsonRunInputs | Unset):
        body (RunnerStartRunFilesRunForm | Unset): One field per trigger output: files as file
            fields, other values as text read by the output's type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RunStarted]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        body=body,
        wait=wait,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: RunnerStartRunJsonRunInputs | RunnerStartRunFilesRunForm | Unset = UNSET,
    wait: float | None | Unset = UNSET,
) -> Problem | RunStarted | None:
    """Start a run by hand

     The body gives the trigger's outputs: JSON (`{"inputs": {"name": value}}`) or a multipart form
    (files as file fields, other fields as text read by type). With `wait`, the answer comes once the
    run has ended (or `wait` seconds have passed) and carries its state. A value that does not fit an
    input, a missing one or a name that is not an input answers 422 (title `Invalid run inputs`),
    `errors` naming each input (`inputs.<name>`: `input 'letter' is required`). A workflow that is not
    deployed (never deployed, undeployed, unknown in the project) answers 409 saying so.

    Args:
        workflow_id (str):
        wait (float | None | Unset): Seconds to wait for the run's end before answering.
        body (RunnerStartRunJsonRunInputs | Unset):
        body (RunnerStartRunFilesRunForm | Unset): One field per trigger output: files as file
            fields, other values as text read by the output's type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RunStarted
    """

    return (
        await asyncio_detailed(
            workflow_id=workflow_id,
            client=client,
            body=body,
            wait=wait,
        )
    ).parsed
