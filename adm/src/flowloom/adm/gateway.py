"""One HTTP origin for every service in one process: `/api/<service>/…` goes to that service,
any other path to the web UI when one is given."""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Gateway:
    """Routes by path prefix without rewriting the path (services declare their full paths,
    exactly as behind the Kubernetes ingress) and runs every service's lifespan."""

    services: Mapping[str, ASGIApp]
    webui: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        app = self._route(scope.get("path", ""))
        if app is None:
            await _not_found(scope, send)
            return
        await app(scope, receive, send)

    def _route(self, path: str) -> ASGIApp | None:
        parts = path.split("/", 3)
        if len(parts) >= 2 and parts[1] == "api":
            return self.services.get(parts[2]) if len(parts) >= 3 else None
        return self.webui

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        async with contextlib.AsyncExitStack() as stack:
            message = await receive()
            assert message["type"] == "lifespan.startup"
            try:
                for name, app in self.services.items():
                    await stack.enter_async_context(_lifespan_of(app))
                    log.info("service %s started", name)
            except Exception as error:
                log.exception("start-up failed")
                await send({"type": "lifespan.startup.failed", "message": str(error)})
                return
            await send({"type": "lifespan.startup.complete"})
            message = await receive()
            assert message["type"] == "lifespan.shutdown"
        await send({"type": "lifespan.shutdown.complete"})


def _lifespan_of(app: Any) -> contextlib.AbstractAsyncContextManager[Any]:
    return app.router.lifespan_context(app)  # type: ignore[no-any-return]


async def _not_found(scope: Scope, send: Send) -> None:
    if scope["type"] != "http":
        return
    body = json.dumps(
        {
            "type": "about:blank#not-found",
            "title": "Not Found",
            "status": 404,
            "detail": f"No service answers {scope.get('path')}; APIs live under /api/<service>/",
        }
    ).encode()
    headers = [(b"content-type", b"application/problem+json")]
    await send({"type": "http.response.start", "status": 404, "headers": headers})
    await send({"type": "http.response.body", "body": body})
