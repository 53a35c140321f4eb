from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.studio_workflow_schema_response_workflow_schema_api_studio_workflow_schema_get import (
    StudioWorkflowSchemaResponseWorkflowSchemaApiStudioWorkflowSchemaGet,
)
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/studio/workflow-schema",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> StudioWorkflowSchemaResponseWorkflowSchemaApiStudioWorkflowSchemaGet | None:
    if response.status_code == 200:
        response_200 = (
            StudioWorkflowSchemaResponseWorkflowSchemaApiStudioWorkflowSchemaGet.from_dict(
                response.json()
            )
        )

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[StudioWorkflowSchemaResponseWorkflowSchemaApiStudioWorkflowSchemaGet]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[StudioWorkflowSchemaResponseWorkflowSchemaApiStudioWorkflowSchemaGet]:
    """JSON Schema of workflow.yaml

     Draft 2020-12; describes the shape of the file (the meaning is checked by the workflow's problems).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[StudioWorkflowSchemaResponseWorkflowSchemaApiStudioWorkflowSchemaGet]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> StudioWorkflowSchemaResponseWorkflowSchemaApiStudioWorkflowSchemaGet | None:
    """JSON Schema of workflow.yaml

     Draft 2020-12; describes the shape of the file (the meaning is checked by the workflow's problems).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        StudioWorkflowSchemaResponseWorkflowSchemaApiStudioWorkflowSchemaGet
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[StudioWorkflowSchemaResponseWorkflowSchemaApiStudioWorkflowSchemaGet]:
    """JSON Schema of workflow.yaml

     Draft 2020-12; describes the shape of the file (the meaning is checked by the workflow's problems).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[StudioWorkflowSchemaResponseWorkflowSchemaApiStudioWorkflowSchemaGet]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> StudioWorkflowSchemaResponseWorkflowSchemaApiStudioWorkflowSchemaGet | None:
    """JSON Schema of workflow.yaml

     Draft 2020-12; describes the shape of the file (the meaning is checked by the workflow's problems).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        StudioWorkflowSchemaResponseWorkflowSchemaApiStudioWorkflowSchemaGet
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
