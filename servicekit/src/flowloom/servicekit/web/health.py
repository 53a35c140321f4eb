"""`GET /api/<service>/healthz`: 200 when every check passes, 503 naming the failing ones."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from fastapi import APIRouter
from fastapi.responses import JSONResponse

Check = Callable[[], Awaitable[None]]


def health_router(prefix: str, checks: Callable[[], Mapping[str, Check]]) -> APIRouter:
    """`checks` is called per request so it can reach resources opened in the lifespan."""
    router = APIRouter(prefix=prefix, tags=["health"])

    @router.get(
        "/healthz",
        summary="Service health",
        description="Runs each dependency check (database, bus) and reports `ok` or the error.",
    )
    async def healthz() -> JSONResponse:
        results: dict[str, str] = {}
        for name, check in checks().items():
            try:
                await check()
                results[name] = "ok"
            except Exception as error:
                results[name] = f"error: {error}"
        healthy = all(value == "ok" for value in results.values())
        body = {"status": "ok" if healthy else "error", "checks": results}
        return JSONResponse(body, status_code=200 if healthy else 503)

    return router
