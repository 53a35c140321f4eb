from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.body_upload_file_api_studio_workflows_workflow_id_files_post import (
    BodyUploadFileApiStudioWorkflowsWorkflowIdFilesPost,
)
from ...models.file_out import FileOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    workflow_id: str,
    *,
    body: BodyUploadFileApiStudioWorkflowsWorkflowIdFilesPost,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/studio/workflows/{workflow_id}/files".format(
            workflow_id=quote(str(workflow_id), safe=""),
        ),
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> FileOut | Problem | None:
    if response.status_code == 201:
        response_201 = FileOut.from_dict(response.json())

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
) -> Response[FileOut | Problem]:
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
    body: BodyUploadFileApiStudioWorkflowsWorkflowIdFilesPost,
) -> Response[FileOut | Problem]:
    """Upload a static file

     Multipart field `file`. Bind it with {"file": <key>} on a file input. The file is streamed to the
    object store, never read whole into memory.

    Args:
        workflow_id (str):
        body (BodyUploadFileApiStudioWorkflowsWorkflowIdFilesPost):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileOut | Problem]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: BodyUploadFileApiStudioWorkflowsWorkflowIdFilesPost,
) -> FileOut | Problem | None:
    """Upload a static file

     Multipart field `file`. Bind it with {"file": <key>} on a file input. The file is streamed to the
    object store, never read whole into memory.

    Args:
        workflow_id (str):
        body (BodyUploadFileApiStudioWorkflowsWorkflowIdFilesPost):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FileOut | Problem
    """

    return sync_detailed(
        workflow_id=workflow_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: BodyUploadFileApiStudioWorkflowsWorkflowIdFilesPost,
) -> Response[FileOut | Problem]:
    """Upload a static file

     Multipart field `file`. Bind it with {"file": <key>} on a file input. The file is streamed to the
    object store, never read whole into memory.

    Args:
        workflow_id (str):
        body (BodyUploadFileApiStudioWorkflowsWorkflowIdFilesPost):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FileOut | Problem]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workflow_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: BodyUploadFileApiStudioWorkflowsWorkflowIdFilesPost,
) -> FileOut | Problem | None:
    """Upload a static file

     Multipart field `file`. Bind it with {"file": <key>} on a file input. The file is streamed to the
    object store, never read whole into memory.

    Args:
        workflow_id (str):
        body (BodyUploadFileApiStudioWorkflowsWorkflowIdFilesPost):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FileOut | Problem
    """

    return (
        await asyncio_detailed(
            workflow_id=workflow_id,
            client=client,
            body=body,
        )
    ).parsed
