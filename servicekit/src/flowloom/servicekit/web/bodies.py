"""Request body limits per route, enforced before a body is read whole.

A `Content-Length` over the route's limit is answered 413 at once, the body unread; a body
without one (chunked) is counted as it streams and cut off with 413 once it passes the limit.
The 413 closes the connection (`Connection: close`), so the server never drains the rest;
except behind a reverse proxy (the request carries `X-Forwarded-For` or `Forwarded`): a reset
while the proxy still sends would turn the 413 into its 502, and a proxy closes a connection
whose request body it has not finished sending itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Self

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flowloom.servicekit.settings import ServiceSettings
from flowloom.servicekit.web.answers import PROBLEM_CONTENT
from flowloom.servicekit.web.json_guard import json_problem
from flowloom.servicekit.web.problems import problem

CLOSE = {"Connection": "close"}


@dataclass(frozen=True, slots=True)
class BodyLimit:
    """At most `max_bytes` of request body. `setting` names the setting that sets it (shown in
    the 413 and the OpenAPI answers). With `media_types`, the limit is for bodies of those
    content types only; other bodies of the route get the service's default limit."""

    max_bytes: int
    setting: str
    media_types: tuple[str, ...] = ()

    @classmethod
    def of(cls, settings: ServiceSettings, field: str, media_types: tuple[str, ...] = ()) -> Self:
        """The limit the service's setting `field` gives."""
        return cls(getattr(settings, field), settings.env_name(field), media_types)

    def applies_to(self, content_type: str) -> bool:
        return not self.media_types or _media_type(content_type) in self.media_types

    def describe(self) -> str:
        return f"{self.max_bytes} bytes ({_human(self.max_bytes)}, `{self.setting}`)"


class BodyTooLarge(HTTPException):
    """The body passed its route's limit (raised from `receive`, answered 413)."""

    def __init__(self, limit: BodyLimit, *, close: bool = True) -> None:
        super().__init__(413, _refusal(limit), headers=CLOSE if close else None)
        self.limit = limit


def install_body_limits(
    app: FastAPI, default: BodyLimit, routes: Mapping[str, BodyLimit] | None = None
) -> None:
    """Limit every request body of `app`: `routes` keyed `"METHOD /path/{param}"` as the
    routes declare them, `default` for the others. The 413 answer is documented on every
    operation taking a body (a key that names none fails the document's generation)."""
    routes = dict(routes or {})
    table = [_RouteLimit.of(key, limit) for key, limit in routes.items()]
    app.add_middleware(BodyLimitMiddleware, default=default, routes=table)
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _document(generate(), default, routes)
        return app.openapi_schema or generate()

    app.openapi = openapi  # type: ignore[method-assign]


@dataclass(frozen=True, slots=True)
class _RouteLimit:
    method: str
    path: re.Pattern[str]
    limit: BodyLimit

    @classmethod
    def of(cls, key: str, limit: BodyLimit) -> _RouteLimit:
        method, _, template = key.partition(" ")
        if not method.isupper() or not template.startswith("/"):
            raise ValueError(f"a body limit's route is 'METHOD /path', not {key!r}")
        return cls(method, compile_path(template)[0], limit)


class BodyLimitMiddleware:
    """The ASGI middleware `install_body_limits` adds."""

    def __init__(self, app: ASGIApp, *, default: BodyLimit, routes: Sequence[_RouteLimit]) -> None:
        self.app = app
        self._default = default
        self._routes = tuple(routes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        length = _content_length(headers)
        if length == 0 or (length is None and "transfer-encoding" not in headers):
            await self.app(scope, receive, send)  # no body
            return
        limit = self._limit(scope, headers.get("content-type", ""))
        close = "x-forwarded-for" not in headers and "forwarded" not in headers
        if length is not None and length > limit.max_bytes:
            await _refuse(BodyTooLarge(limit, close=close), scope, receive, send)  # body unread
            return
        metered = _Metered(BodyTooLarge(limit, close=close))
        content_type = headers.get("content-type")
        if not content_type or _is_json(content_type):
            await _checked_json(metered, self.app, scope, receive, send, sniff=not content_type)
            return
        await metered.run(self.app, scope, receive, send)

    def _limit(self, scope: Scope, content_type: str) -> BodyLimit:
        path = scope["path"].removeprefix(scope.get("root_path", ""))
        for route in self._routes:
            if scope["method"] == route.method and route.path.match(path):
                return route.limit if route.limit.applies_to(content_type) else self._default
        return self._default


class _Metered:
    """One request: its body counted as the app receives it; once past the limit, no more is
    read and whatever the app answers becomes the 413."""

    def __init__(self, refusal: BodyTooLarge) -> None:
        self.refusal = refusal
        self.limit = refusal.limit
        self.received = 0
        self.exceeded = False
        self.started = False
        self.replaced = False

    async def receive(self, receive: Receive) -> Message:
        if self.exceeded:
            raise self.refusal
        message = await receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit.max_bytes:
                self.exceeded = True
                raise self.refusal
        return message

    async def run(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        async def metered_receive() -> Message:
            return await self.receive(receive)

        async def guarded_send(message: Message) -> None:
            if self.replaced:
                return  # the app's own answer, after the 413 went out instead
            if message["type"] == "http.response.start":
                self.started = True
                if self.exceeded and message["status"] != 413:
                    self.replaced = True
                    await _refuse(self.refusal, scope, receive, send)
                    return
            await send(message)

        try:
            await app(scope, metered_receive, guarded_send)
        except BodyTooLarge:
            if self.started:
                raise
            await _refuse(self.refusal, scope, receive, send)


async def _checked_json(
    metered: _Metered, app: ASGIApp, scope: Scope, receive: Receive, send: Send, *, sniff: bool
) -> None:
    """A JSON body read whole (it is bounded), checked by `json_problem`, then handed to the
    app in one message; a fault is answered 422 naming it and the app is not called. With
    `sniff` (no content type: FastAPI reads the body as JSON), only a body that looks like
    JSON is checked."""
    chunks: list[bytes] = []
    more = True
    try:
        while more:
            message = await metered.receive(receive)
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
    except BodyTooLarge:
        await _refuse(metered.refusal, scope, receive, send)
        return
    body = b"".join(chunks)
    found = json_problem(body) if not sniff or _looks_like_json(body) else None
    if found is not None:
        detail = f"Invalid input: {found.field}: {found.message}"
        errors = [{"field": found.field, "message": found.message}]
        await problem(422, detail, errors=errors)(scope, receive, send)
        return
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if replayed:
            return await receive()
        replayed = True
        return {"type": "http.request", "body": body, "more_body": False}

    await app(scope, replay, send)


def _is_json(content_type: str) -> bool:
    media = _media_type(content_type)
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def _looks_like_json(body: bytes) -> bool:
    return body.lstrip()[:1] in (b"{", b"[", b'"')


async def _refuse(refusal: BodyTooLarge, scope: Scope, receive: Receive, send: Send) -> None:
    await problem(413, str(refusal.detail), headers=refusal.headers)(scope, receive, send)


def _refusal(limit: BodyLimit) -> str:
    return f"The request body is larger than this route's limit of {limit.describe()}"


def _document(
    document: dict[str, Any], default: BodyLimit, routes: Mapping[str, BodyLimit]
) -> None:
    """A 413 answer on every operation with a request body, saying its limit."""
    unknown = set(routes)
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            key = f"{method.upper()} {path}"
            unknown.discard(key)
            if "requestBody" in operation:
                responses = operation.setdefault("responses", {})
                responses["413"] = _documented(default, routes.get(key))
    if unknown:
        raise ValueError(f"body limits name routes that do not exist: {', '.join(sorted(unknown))}")


def _documented(default: BodyLimit, own: BodyLimit | None) -> dict[str, Any]:
    if own is None:
        bound = f"at most {default.describe()}"
    elif own.media_types:
        kinds = " or ".join(f"`{media}`" for media in own.media_types)
        bound = f"{kinds} at most {own.describe()}, any other at most {default.describe()}"
    else:
        bound = f"at most {own.describe()}"
    return {
        "description": f"The body is too large: {bound}. Answered before the body is read "
        "whole (at once for a `Content-Length` over the limit); the connection is then closed "
        "(by the reverse proxy when the request came through one).",
        "content": PROBLEM_CONTENT,
    }


def _content_length(headers: Headers) -> int | None:
    try:
        return int(headers["content-length"])
    except (KeyError, ValueError):
        return None


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _human(size: int) -> str:
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= scale:
            return f"{size / scale:g} {unit}"
    return f"{size} B"
