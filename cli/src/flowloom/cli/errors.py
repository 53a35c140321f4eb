"""Errors the CLI reports as one line on stderr (exit 1), never as a traceback."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any

import httpx


class CliError(Exception):
    """A failure to report to the user as is: `flowloom: error: <message>`."""


def problem_line(status: int, content: bytes) -> str:
    """A problem document (RFC 9457) as `title: detail`, with its field errors."""
    try:
        body: Any = json.loads(content)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        text = content.decode(errors="replace").strip().replace("\n", " ")
        return f"{_phrase(status)}: {text[:300]}" if text else _phrase(status)
    title = str(body.get("title") or _phrase(status))
    detail = str(body.get("detail") or "").strip()
    line = f"{title}: {detail}" if detail else title
    items = [item for item in body.get("errors") or [] if isinstance(item, dict)]
    missing = [_field_error(item) for item in items if not _said(item, line)]
    missing = [field for field in missing if field and field not in line]
    if missing:
        line += f" ({'; '.join(missing)})"
    return " ".join(line.split())


def _field_error(item: dict[str, Any]) -> str:
    where = [str(item[key]) for key in ("file", "line", "field") if item.get(key) not in (None, "")]
    message = str(item.get("message") or "")
    return f"{':'.join(where)}: {message}" if where else message


def _said(item: dict[str, Any], line: str) -> bool:
    """The detail already says it: the message with its field, or a message of several words
    (`input 'letter' is required` names what it is about)."""
    message = str(item.get("message") or "")
    if not message or message not in line:
        return False
    field = str(item.get("field") or "")
    return len(message.split()) >= 3 or (bool(field) and f"{field}: {message}" in line)


def _phrase(status: int) -> str:
    try:
        return f"{HTTPStatus(status).phrase} ({status})"
    except ValueError:
        return f"HTTP {status}"


def unreachable(url: str, error: httpx.TransportError) -> str:
    """`cannot reach the Flowloom server at URL: connection refused` and the like."""
    if isinstance(error, httpx.ConnectError):
        text = str(error).lower()
        reason = "connection refused" if "refused" in text or not text else str(error)
        if "name or service" in text or "nodename" in text or "getaddrinfo" in text:
            reason = "unknown host"
    elif isinstance(error, httpx.TimeoutException):
        reason = "timed out"
    else:
        reason = str(error) or type(error).__name__
    return f"cannot reach the Flowloom server at {url}: {reason}"
