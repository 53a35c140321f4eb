from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.runner_webhook_files_run_form import RunnerWebhookFilesRunForm
from ...models.runner_webhook_json_run_inputs import RunnerWebhookJsonRunInputs
from ...models.webhook_answer import WebhookAnswer
from ...types import UNSET, Response, Unset


def _get_kwargs(
    workflow_id: str,
    key: str,
    *,
    body: RunnerWebhookJsonRunInputs | RunnerWebhookFilesRunForm | Unset = UNSET,
    sync: bool | Unset = False,
    wait: float | Unset = 60.0,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["sync"] = sync

    params["wait"] = wait

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/runner/hooks/{workflow_id}/{key}".format(
            workflow_id=quote(str(workflow_id), safe=""),
            key=quote(str(key), safe=""),
        ),
        "params": params,
    }

    if isinstance(body, RunnerWebhookJsonRunInputs):
        if not isinstance(body, Unset):
            _kwargs["json"] = body.to_dict()

        headers["Content-Type"] = "application/json"
    if isinstance(body, RunnerWebhookFilesRunForm):
        if not isinstance(body, Unset):
            _kwargs["files"] = body.to_multipart()

        headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WebhookAnswer | None:
    if response.status_code == 200:
        response_200 = WebhookAnswer.from_dict(response.json())

        return response_200

    if response.status_code == 202:
        response_202 = WebhookAnswer.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

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

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | WebhookAnswer]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    workflow_id: str,
    key: str,
    *,
    client: AuthenticatedClient | Client,
    body: RunnerWebhookJsonRunInputs | RunnerWebhookFilesRunForm | Unset = UNSET,
    sync: bool | Unset = False,
    wait: float | Unset = 60.0,
) -> Response[Problem | WebhookAnswer]:
    """Start a run from a webhook

     Public: the key in the path is the secret. Body: JSON or a form (files allowed). With `?sync=true`
    the answer waits for the run and carries its results (or the status and message of a RyaxException
    that canceled it).

    Args:
        workflow_id (str):
        key (str):
        sync (bool | Unset): Wait for the run and answer its results. Default: False.
        wait (float | Unset): Seconds to wait (sync). Default: 60.0.
        body (RunnerWebhookJsonRunInputs | Unset):
        body (RunnerWebhookFilesRunForm | Unset): One field per trigger output: files as file
            fields, other values as text read by the output's type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookAnswer]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        key=key,
        body=body,
        sync=sync,
        wait=wait,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workflow_id: str,
    key: str,
    *,
    client: AuthenticatedClient | Client,
    body: RunnerWebhookJsonRunInputs | RunnerWebhookFilesRunForm | Unset = UNSET,
    sync: bool | Unset = False,
    wait: float | Unset = 60.0,
) -> Problem | WebhookAnswer | None:
    """Start a run from a webhook

     Public: the key in the path is the secret. Body: JSON or a form (files allowed). With `?sync=true`
    the answer waits for the run and carries its results (or the status and message of a RyaxException
    that canceled it).

    Args:
        workflow_id (str):
        key (str):
        sync (bool | Unset): Wait for the run and answer its results. Default: False.
        wait (float | Unset): Seconds to wait (sync). Default: 60.0.
        body (RunnerWebhookJsonRunInputs | Unset):
        body (RunnerWebhookFilesRunForm | Unset): One field per trigger output: files as file
            fields, other values as text read by the output's type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookAnswer
    """

    return sync_detailed(
        workflow_id=workflow_id,
        key=key,
        client=client,
        body=body,
        sync=sync,
        wait=wait,
    ).parsed


async def asyncio_detailed(
    workflow_id: str,
    key: str,
    *,
    client: AuthenticatedClient | Client,
    body: RunnerWebhookJsonRunInputs | RunnerWebhookFilesRunForm | Unset = UNSET,
    sync: bool | Unset = False,
    wait: float | Unset = 60.0,
) -> Response[Problem | WebhookAnswer]:
    """Start a run from a webhook

     Public: the key in the path is the secret. Body: JSON or a form (files allowed). With `?sync=true`
    the answer waits for the run and carries its results (or the status and message of a RyaxException
    that canceled it).

    Args:
        workflow_id (str):
        key (str):
        sync (bool | Unset): Wait for the run and answer its results. Default: False.
        wait (float | Unset): Seconds to wait (sync). Default: 60.0.
        body (RunnerWebhookJsonRunInputs | Unset):
        body (RunnerWebhookFilesRunForm | Unset): One field per trigger output: files as file
            fields, other values as text read by the output's type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookAnswer]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        key=key,
        body=body,
        sync=sync,
        wait=wait,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workflow_id: str,
    key: str,
    *,
    client: AuthenticatedClient | Client,
    body: RunnerWebhookJsonRunInputs | RunnerWebhookFilesRunForm | Unset = UNSET,
    sync: bool | Unset = False,
    wait: float | Unset = 60.0,
) -> Problem | WebhookAnswer | None:
    """Start a run from a webhook

     Public: the key in the path is the secret. Body: JSON or a form (files allowed). With `?sync=true`
    the answer waits for the run and carries its results (or the status and message of a RyaxException
    that canceled it).

    Args:
        workflow_id (str):
        key (str):
        sync (bool | Unset): Wait for the run and answer its results. Default: False.
        wait (float | Unset): Seconds to wait (sync). Default: 60.0.
        body (RunnerWebhookJsonRunInputs | Unset):
        body (RunnerWebhookFilesRunForm | Unset): One field per trigger output: files as file
            fields, other values as text read by the output's type.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookAnswer
    """

    return (
        await asyncio_detailed(
            workflow_id=workflow_id,
            key=key,
            client=client,
            body=body,
            sync=sync,
            wait=wait,
        )
    ).parsed
