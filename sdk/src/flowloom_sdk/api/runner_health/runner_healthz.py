from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.health_out import HealthOut
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/runner/healthz",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> HealthOut | Problem | None:
    if response.status_code == 200:
        response_200 = HealthOut.from_dict(response.json())

        return response_200

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[HealthOut | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[HealthOut | Problem]:
    """Service health

     Checks each dependency of the service (its `database`, the message `bus`, the `object_store`
    where the service uses one), all at once, each within 2 s.

    Always **200** while the process serves, `status` saying `ok` (every dependency answers) or
    `degraded` (at least one is down; `checks` says which, `detail` why: the error's type or a
    timeout, never an address or a password). Use it for both the liveness and the readiness probe
    (a probe timeout of 3 s or more): neither restarting the service nor taking it out of rotation
    cures a database or broker outage, and a service kept in rotation answers the requests that
    need the missing dependency with a 503 problem (`Retry-After`) naming it, where an ingress
    without ready endpoints would answer with an anonymous error. Monitoring alerts on `status`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HealthOut | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> HealthOut | Problem | None:
    """Service health

     Checks each dependency of the service (its `database`, the message `bus`, the `object_store`
    where the service uses one), all at once, each within 2 s.

    Always **200** while the process serves, `status` saying `ok` (every dependency answers) or
    `degraded` (at least one is down; `checks` says which, `detail` why: the error's type or a
    timeout, never an address or a password). Use it for both the liveness and the readiness probe
    (a probe timeout of 3 s or more): neither restarting the service nor taking it out of rotation
    cures a database or broker outage, and a service kept in rotation answers the requests that
    need the missing dependency with a 503 problem (`Retry-After`) naming it, where an ingress
    without ready endpoints would answer with an anonymous error. Monitoring alerts on `status`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HealthOut | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[HealthOut | Problem]:
    """Service health

     Checks each dependency of the service (its `database`, the message `bus`, the `object_store`
    where the service uses one), all at once, each within 2 s.

    Always **200** while the process serves, `status` saying `ok` (every dependency answers) or
    `degraded` (at least one is down; `checks` says which, `detail` why: the error's type or a
    timeout, never an address or a password). Use it for both the liveness and the readiness probe
    (a probe timeout of 3 s or more): neither restarting the service nor taking it out of rotation
    cures a database or broker outage, and a service kept in rotation answers the requests that
    need the missing dependency with a 503 problem (`Retry-After`) naming it, where an ingress
    without ready endpoints would answer with an anonymous error. Monitoring alerts on `status`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HealthOut | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> HealthOut | Problem | None:
    """Service health

     Checks each dependency of the service (its `database`, the message `bus`, the `object_store`
    where the service uses one), all at once, each within 2 s.

    Always **200** while the process serves, `status` saying `ok` (every dependency answers) or
    `degraded` (at least one is down; `checks` says which, `detail` why: the error's type or a
    timeout, never an address or a password). Use it for both the liveness and the readiness probe
    (a probe timeout of 3 s or more): neither restarting the service nor taking it out of rotation
    cures a database or broker outage, and a service kept in rotation answers the requests that
    need the missing dependency with a 503 problem (`Retry-After`) naming it, where an ingress
    without ready endpoints would answer with an anonymous error. Monitoring alerts on `status`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HealthOut | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
