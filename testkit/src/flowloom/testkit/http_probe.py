"""Raw HTTP/1.1 exchanges for tests: what a server answers while a body is still being sent
(a client library would wait to have sent it all, or give up on a write error)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Answer:
    """A response: status, headers (lower-case names), body, and whether the server closed the
    connection after it (an end of stream, or a reset for the bytes it left unread)."""

    status: int
    headers: dict[str, str]
    body: bytes
    closed: bool

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Exchange:
    answer: Answer
    sent: int  # bytes of body written before the answer came (or the chunks ran out)


def request_head(
    method: str, path: str, headers: Mapping[str, str], length: int | None = None
) -> bytes:
    """The request line and headers; `Content-Length: length`, or chunked when None."""
    lines = [f"{method} {path} HTTP/1.1", "Host: flowloom"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines.append(
        f"Content-Length: {length}" if length is not None else "Transfer-Encoding: chunked"
    )
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def exchange(
    host: str,
    port: int,
    head: bytes,
    chunks: Iterable[bytes],
    *,
    chunked: bool,
    close_wait: float = 10.0,
) -> Exchange:
    """Send `head`, then `chunks` (in chunked framing when `chunked`) until the server answers
    or they run out; the answer (waited for up to 30 s) and the bytes of body sent by then.
    `close_wait`: how long to wait for the server to close the connection after its answer.

    Reading and writing go through the socket separately: a failed write (the server closed
    the connection) never hides an answer already received."""
    loop = asyncio.get_running_loop()
    sock = socket.create_connection((host, port))
    sock.setblocking(False)
    sent = [0]
    try:
        await loop.sock_sendall(sock, head)
        answered = [0]  # the bytes sent when the answer's head came (the close wait aside)
        answer = asyncio.create_task(_read_answer(sock, close_wait, lambda: sent[0], answered))
        sending = asyncio.create_task(_send(sock, chunks, chunked, sent))
        try:
            return Exchange(await asyncio.wait_for(answer, 30), answered[0])
        finally:
            sending.cancel()
            with contextlib.suppress(asyncio.CancelledError, OSError):
                await sending
    finally:
        sock.close()


async def _send(
    sock: socket.socket, chunks: Iterable[bytes], chunked: bool, sent: list[int]
) -> None:
    loop = asyncio.get_running_loop()
    with contextlib.suppress(OSError):
        for chunk in chunks:
            framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk
            await loop.sock_sendall(sock, framed)
            sent[0] += len(chunk)
        if chunked:
            await loop.sock_sendall(sock, b"0\r\n\r\n")


async def _read_answer(
    sock: socket.socket, close_wait: float, sent: Callable[[], int], answered: list[int]
) -> Answer:
    loop = asyncio.get_running_loop()
    received = b""
    while b"\r\n\r\n" not in received:
        data = await loop.sock_recv(sock, 65536)
        if not data:
            raise ConnectionError(f"closed before an answer: {received!r}")
        received += data
    answered[0] = sent()
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        data = await loop.sock_recv(sock, 65536)
        if not data:
            raise ConnectionError("closed in the middle of the answer")
        body += data
    try:
        closed = await asyncio.wait_for(loop.sock_recv(sock, 1), close_wait) == b""
    except ConnectionResetError:
        closed = True
    except TimeoutError:
        closed = False
    return Answer(int(status_line.split()[1]), headers, body[:length], closed)
