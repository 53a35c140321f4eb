from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.version_body import VersionBody
from ...models.version_changed import VersionChanged
from ...types import Response


def _get_kwargs(
    workflow_id: str,
    step_id: str,
    *,
    body: VersionBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/studio/workflows/{workflow_id}/steps/{step_id}/action-version".format(
            workflow_id=quote(str(workflow_id), safe=""),
            step_id=quote(str(step_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | VersionChanged | None:
    if response.status_code == 200:
        response_200 = VersionChanged.from_dict(response.json())

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
) -> Response[Problem | VersionChanged]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    workflow_id: str,
    step_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: VersionBody,
) -> Response[Problem | VersionChanged]:
    """Change the action version of a step

     A step id, or "trigger" for the trigger's inputs. Keeps the bindings whose input still exists with
    the same type and answers the ones dropped. 404 when the version is not published.

    Args:
        workflow_id (str):
        step_id (str):
        body (VersionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VersionChanged]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        step_id=step_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    workflow_id: str,
    step_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: VersionBody,
) -> Problem | VersionChanged | None:
    """Change the action version of a step

     A step id, or "trigger" for the trigger's inputs. Keeps the bindings whose input still exists with
    the same type and answers the ones dropped. 404 when the version is not published.

    Args:
        workflow_id (str):
        step_id (str):
        body (VersionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VersionChanged
    """

    return sync_detailed(
        workflow_id=workflow_id,
        step_id=step_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    workflow_id: str,
    step_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: VersionBody,
) -> Response[Problem | VersionChanged]:
    """Change the action version of a step

     A step id, or "trigger" for the trigger's inputs. Keeps the bindings whose input still exists with
    the same type and answers the ones dropped. 404 when the version is not published.

    Args:
        workflow_id (str):
        step_id (str):
        body (VersionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | VersionChanged]
    """

    kwargs = _get_kwargs(
        workflow_id=workflow_id,
        step_id=step_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    workflow_id: str,
    step_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: VersionBody,
) -> Problem | VersionChanged | None:
    """Change the action version of a step

     A step id, or "trigger" for the trigger's inputs. Keeps the bindings whose input still exists with
    the same type and answers the ones dropped. 404 when the version is not published.

    Args:
        workflow_id (str):
        step_id (str):
        body (VersionBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | VersionChanged
    """

    return (
        await asyncio_detailed(
            workflow_id=workflow_id,
            step_id=step_id,
            client=client,
            body=body,
        )
    ).parsed
