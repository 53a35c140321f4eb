"""`GET /api/<service>/healthz`: each dependency `ok` or `down`, the service `ok` or `degraded`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

log = logging.getLogger(__name__)

Check = Callable[[], Awaitable[None]]
# A check slower than this counts as down: a probe must get its answer within its own timeout.
CHECK_TIMEOUT = 2.0

DESCRIPTION = f"""\
Checks each dependency of the service (its `database`, the message `bus`, the `object_store`
where the service uses one), all at once, each within {CHECK_TIMEOUT:g} s.

Always **200** while the process serves, `status` saying `ok` (every dependency answers) or
`degraded` (at least one is down; `checks` says which, `detail` why: the error's type or a
timeout, never an address or a password). Use it for both the liveness and the readiness probe
(a probe timeout of 3 s or more): neither restarting the service nor taking it out of rotation
cures a database or broker outage, and a service kept in rotation answers the requests that
need the missing dependency with a 503 problem (`Retry-After`) naming it, where an ingress
without ready endpoints would answer with an anonymous error. Monitoring alerts on `status`.
"""


class DependencyOut(BaseModel):
    status: Literal["ok", "down"]
    detail: str | None = Field(
        default=None, description="Why it is down: the error's type, or that it timed out."
    )


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"] = Field(
        description="`ok` when every dependency answers, else `degraded`."
    )
    checks: dict[str, DependencyOut] = Field(description="Each dependency by name.")


def health_router(prefix: str, checks: Callable[[], Mapping[str, Check]]) -> APIRouter:
    """`checks` is called per request so it can reach resources opened in the lifespan."""
    router = APIRouter(prefix=prefix, tags=["health"])

    @router.get("/healthz", summary="Service health", description=DESCRIPTION)
    async def healthz() -> HealthOut:
        named = dict(checks())
        results = await asyncio.gather(*(_run(name, check) for name, check in named.items()))
        found = dict(zip(named, results, strict=True))
        healthy = all(result.status == "ok" for result in found.values())
        return HealthOut(status="ok" if healthy else "degraded", checks=found)

    return router


async def _run(name: str, check: Check) -> DependencyOut:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT):
            await check()
    except TimeoutError:
        log.warning("health: %s did not answer within %g s", name, CHECK_TIMEOUT)
        return DependencyOut(status="down", detail=f"no answer within {CHECK_TIMEOUT:g} s")
    except Exception as error:
        log.warning("health: %s is down: %r", name, error)
        return DependencyOut(status="down", detail=type(error).__name__)
    return DependencyOut(status="ok")
