"""A service that runs one active process at a time (a lease, `database/lease.py`): its
standbys answer their health and readiness, and refuse the rest with a 503 problem."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, FastAPI, Response
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Receive, Scope, Send

from flowloom.servicekit.web.problems import RETRY_AFTER_SECONDS, problem

STANDBY = "standby"
READINESS = """\
**200** `{"status": "active"}` when this process holds the lease and runs the service's work;
**503** problem (`dependency: lease`, `Retry-After`) while it waits as a standby for another
process to go. Use it as the readiness probe: requests then reach the active process only.
`…/healthz` stays the liveness probe (a standby is alive)."""


class ReadyOut(BaseModel):
    status: str = Field(description="`active`.")


def readiness_router(prefix: str, active: Callable[[], bool]) -> APIRouter:
    router = APIRouter(prefix=prefix, tags=["health"])

    @router.get(
        "/readyz",
        summary="Whether this process is the active one",
        description=READINESS,
        response_model=ReadyOut,
        responses={503: {"description": "A standby: another process holds the lease."}},
    )
    async def readyz() -> Response | ReadyOut:
        return ReadyOut(status="active") if active() else standby_answer()

    return router


def standby_answer() -> Response:
    return problem(
        503,
        "This process is a standby: another one holds the lease and does the work; "
        "try again in a few seconds (or through the readiness-routed address).",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        dependency="lease",
    )


def install_standby_guard(app: FastAPI, prefix: str, active: Callable[[], bool]) -> None:
    """While not active, every request under ``prefix`` but health, readiness and the API
    description answers a 503 problem (its state lives with the active process)."""
    app.add_middleware(StandbyGuard, prefix=prefix, active=active)


class StandbyGuard:
    """Pure ASGI (it never touches a body it lets through, so streamed bodies and their
    limits work as without it)."""

    def __init__(self, app: ASGIApp, prefix: str, active: Callable[[], bool]) -> None:
        self.app = app
        self.prefix = prefix
        self.active = active
        self.open_paths = {
            f"{prefix}/{name}" for name in ("healthz", "readyz", "openapi.json", "docs")
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        refused = (
            scope["type"] == "http"
            and not self.active()
            and path.startswith(self.prefix)
            and path not in self.open_paths
        )
        if refused:
            await standby_answer()(scope, receive, send)
            return
        await self.app(scope, receive, send)
