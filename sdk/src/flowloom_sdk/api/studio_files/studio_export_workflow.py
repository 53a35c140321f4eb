from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.studio_export_workflow_format_type_0 import (
    StudioExportWorkflowFormatType0,
)
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    workflow_id: str,
    *,
    format_: None | StudioExportWorkflowFormatType0 | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: str | Unset | None
    if isinstance(format_, Unset):
        json_format_ = UNSET
    elif isinstance(format_, str):
        json_format_ = format_
    else:
        json_format_ = format_
    params["format"] = json_format_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/studio/workflows/{workflow_id}/export".format(
            workflow_id=quote(str(workflow_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> File | Problem | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

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
) -> Response[File | Problem]:
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
    format_: None | StudioExportWorkflowFormatType0 | Unset = UNSET,
) -> Response[File | Problem]:
    """Export a workflow

     workflow.yaml when it has no static file, otherwise a zip of workflow.yaml and its files (`format`
    forces one). `format=yaml` for a workflow with static files is a 409: a YAML file cannot hold them,
    and one naming object-store keys could not be imported back; export it as a zip.

    Args:
        workflow_id (str):
        format_ (None | StudioExportWorkflowFormatType0 | Unset): yaml or zip.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        format_=format_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    format_: None | StudioExportWorkflowFormatType0 | Unset = UNSET,
) -> File | Problem | None:
    """Export a workflow

     workflow.yaml when it has no static file, otherwise a zip of workflow.yaml and its files (`format`
    forces one). `format=yaml` for a workflow with static files is a 409: a YAML file cannot hold them,
    and one naming object-store keys could not be imported back; export it as a zip.

    Args:
        workflow_id (str):
        format_ (None | StudioExportWorkflowFormatType0 | Unset): yaml or zip.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return sync_detailed(
        workflow_id=workflow_id,
        client=client,
        format_=format_,
    ).parsed


async def asyncio_detailed(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    format_: None | StudioExportWorkflowFormatType0 | Unset = UNSET,
) -> Response[File | Problem]:
    """Export a workflow

     workflow.yaml when it has no static file, otherwise a zip of workflow.yaml and its files (`format`
    forces one). `format=yaml` for a workflow with static files is a 409: a YAML file cannot hold them,
    and one naming object-store keys could not be imported back; export it as a zip.

    Args:
        workflow_id (str):
        format_ (None | StudioExportWorkflowFormatType0 | Unset): yaml or zip.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | Problem]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        format_=format_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    format_: None | StudioExportWorkflowFormatType0 | Unset = UNSET,
) -> File | Problem | None:
    """Export a workflow

     workflow.yaml when it has no static file, otherwise a zip of workflow.yaml and its files (`format`
    forces one). `format=yaml` for a workflow with static files is a 409: a YAML file cannot hold them,
    and one naming object-store keys could not be imported back; export it as a zip.

    Args:
        workflow_id (str):
        format_ (None | StudioExportWorkflowFormatType0 | Unset): yaml or zip.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | Problem
    """

    return (
        await asyncio_detailed(
            workflow_id=workflow_id,
            client=client,
            format_=format_,
        )
    ).parsed
