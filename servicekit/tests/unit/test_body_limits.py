"""Body limits per route: 413 before the body is read, then the connection closes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field

import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from flowloom.servicekit.web.bodies import BodyLimit, install_body_limits
from flowloom.servicekit.web.problems import install_problem_handlers
from flowloom.testkit import testing
from flowloom.testkit.http_probe import Exchange, exchange, request_head

SMALL = 1024
LARGE = 256 * 1024
MULTIPART = "multipart/form-data"


class Note(BaseModel):
    text: str


@dataclass
class Seen:
    """What the endpoints were given: bytes read per request path."""

    read: dict[str, int] = field(default_factory=dict)


def example_app(seen: Seen) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/notes")
    async def add_note(note: Note) -> dict[str, int]:
        seen.read["/notes"] = len(note.text)
        return {"length": len(note.text)}

    @app.post("/uploads", openapi_extra={"requestBody": {"content": {MULTIPART: {}}}})
    async def upload(request: Request) -> dict[str, int]:
        total = 0
        async for chunk in request.stream():
            total += len(chunk)
            seen.read["/uploads"] = total
        return {"read": total}

    @app.post("/careless")
    async def careless(request: Request) -> JSONResponse:
        try:
            await request.body()
        except Exception:  # an endpoint that hides the error must not hide the 413
            return JSONResponse({"detail": "bad body"}, status_code=400)
        return JSONResponse({})

    @app.get("/notes")
    async def list_notes() -> list[str]:
        return []

    default = BodyLimit(SMALL, "FLOWLOOM_EXAMPLE_JSON_BODY_BYTES")
    uploads = BodyLimit(LARGE, "FLOWLOOM_EXAMPLE_UPLOAD_BODY_BYTES", (MULTIPART,))
    install_body_limits(app, default, {"POST /uploads": uploads})
    return app


@pytest.fixture
async def served() -> AsyncIterator[tuple[int, Seen]]:
    seen = Seen()
    port = testing.free_port()
    config = uvicorn.Config(
        example_app(seen),
        port=port,
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    await testing.eventually(lambda: server.started, 10)
    try:
        yield port, seen
    finally:
        server.should_exit = True
        await task


def head(path: str, content_type: str, length: int | None, *, close: bool = False) -> bytes:
    """A keep-alive request unless `close`: a server that closes after a 413 does so itself."""
    connection = "close" if close else "keep-alive"
    headers = {"Content-Type": content_type, "Connection": connection}
    return request_head("POST", path, headers, length)


def endless(size: int = 16384) -> Iterator[bytes]:
    while True:
        yield b"x" * size


async def post(
    port: int, head: bytes, chunks: Iterable[bytes], *, chunked: bool, close_wait: float = 10
) -> Exchange:
    return await exchange("127.0.0.1", port, head, chunks, chunked=chunked, close_wait=close_wait)


async def test_answers_413_at_once_when_content_length_is_over_the_limit(
    served: tuple[int, Seen],
) -> None:
    port, seen = served
    # 10 GiB announced, a few bytes sent: the answer comes without waiting for the rest.
    sent = await post(port, head("/uploads", MULTIPART, 10 * 1024**3), [b"--x\r\n"], chunked=False)
    answer = sent.answer
    assert answer.status == 413
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.headers["connection"] == "close"
    problem = answer.json()
    assert problem["status"] == 413
    assert "FLOWLOOM_EXAMPLE_UPLOAD_BODY_BYTES" in problem["detail"]
    assert "262144 bytes" in problem["detail"]
    assert answer.closed
    assert "/uploads" not in seen.read  # the endpoint never ran


async def test_cuts_off_chunked_body_with_413_when_it_passes_the_limit(
    served: tuple[int, Seen],
) -> None:
    port, seen = served
    sent = await post(port, head("/uploads", MULTIPART, None), endless(), chunked=True)
    assert sent.answer.status == 413
    assert sent.answer.closed
    assert sent.answer.json()["status"] == 413
    assert seen.read["/uploads"] <= LARGE  # never more than the limit reached the endpoint
    assert sent.sent < 64 * 1024**2  # the sender was stopped long before the end of its body


async def test_gives_route_limit_only_to_its_media_types_when_route_names_them(
    served: tuple[int, Seen],
) -> None:
    port, _ = served
    body = b"x" * (SMALL * 4)
    for content_type, expected in ((MULTIPART, 200), ("application/octet-stream", 413)):
        request = head("/uploads", content_type, len(body), close=True)
        sent = await post(port, request, [body], chunked=False)
        assert sent.answer.status == expected, content_type


async def test_accepts_json_body_when_it_is_exactly_at_the_limit(served: tuple[int, Seen]) -> None:
    port, seen = served
    text = "y" * (SMALL - len('{"text":""}'))
    body = json.dumps({"text": text}, separators=(",", ":")).encode()
    assert len(body) == SMALL
    for payload, expected in ((body, 200), (body + b" ", 413)):
        request = head("/notes", "application/json", len(payload), close=True)
        sent = await post(port, request, [payload], chunked=False)
        assert sent.answer.status == expected
    assert seen.read["/notes"] == len(text)


async def test_answers_413_when_endpoint_hides_the_error_of_a_streamed_body(
    served: tuple[int, Seen],
) -> None:
    port, _ = served
    sent = await post(
        port, head("/careless", "application/json", None), [b"z" * (SMALL * 2)], chunked=True
    )
    assert sent.answer.status == 413
    assert sent.answer.closed


async def test_keeps_connection_for_the_proxy_when_request_came_through_one(
    served: tuple[int, Seen],
) -> None:
    port, _ = served
    headers = {"Content-Type": MULTIPART, "X-Forwarded-For": "10.1.2.3"}
    request = request_head("POST", "/uploads", headers, 10 * 1024**3)
    sent = await post(port, request, [b"--x\r\n"], chunked=False, close_wait=0.5)
    assert sent.answer.status == 413
    assert "connection" not in sent.answer.headers  # the proxy closes it, without a reset


def test_documents_413_when_route_takes_a_body() -> None:
    document = example_app(Seen()).openapi()
    notes = document["paths"]["/notes"]
    assert "413" in notes["post"]["responses"]
    assert "413" not in notes["get"]["responses"]
    upload = document["paths"]["/uploads"]["post"]["responses"]["413"]["description"]
    assert "`multipart/form-data` at most 262144 bytes (256 KiB" in upload
    assert "any other at most 1024 bytes (1 KiB, `FLOWLOOM_EXAMPLE_JSON_BODY_BYTES`)" in upload


def test_refuses_limits_when_they_name_an_unknown_route() -> None:
    app = FastAPI()
    install_body_limits(app, BodyLimit(1, "A"), {"POST /nowhere": BodyLimit(2, "B")})
    with pytest.raises(ValueError, match="do not exist: POST /nowhere"):
        app.openapi()
    with pytest.raises(ValueError, match="'METHOD /path'"):
        install_body_limits(FastAPI(), BodyLimit(1, "A"), {"nowhere": BodyLimit(2, "B")})
