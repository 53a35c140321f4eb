"""RFC 9457 problem details for every error a service answers."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"


def problem(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    phrase = HTTPStatus(status).phrase
    body = {
        "type": f"about:blank#{phrase.lower().replace(' ', '-')}",
        "title": title or phrase,
        "status": status,
        "detail": detail,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def field_path(location: tuple[Any, ...] | list[Any]) -> str:
    """`("body", "user", 0, "name")` → `body.user[0].name`."""
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) and path else f".{part}" if path else str(part)
    return path


def _validation_errors(error: RequestValidationError) -> list[dict[str, str]]:
    errors = []
    for item in error.errors():
        location = list(item.get("loc", ()))
        if item.get("type") == "json_invalid":
            location = location[:1]  # the position inside a malformed document is noise
        errors.append({"field": field_path(location), "message": str(item.get("msg", ""))})
    return errors


def install_problem_handlers(
    app: FastAPI, statuses: Mapping[type[Exception], int] | None = None
) -> None:
    """Map HTTP errors, validation errors and the given exception types to problem details.

    An exception may carry `retry_after_seconds` (→ `Retry-After`) and `field` (→ `errors`).
    """

    async def on_http(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        return problem(exc.status_code, str(exc.detail), headers=exc.headers)

    async def on_validation(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = _validation_errors(exc)
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem(422, f"Invalid input: {detail}", errors=errors)

    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    for exc_type, status in (statuses or {}).items():
        app.add_exception_handler(exc_type, _mapped(status))


def _mapped(status: int) -> Any:
    async def handler(_: Request, exc: Exception) -> JSONResponse:
        headers = {}
        retry_after = getattr(exc, "retry_after_seconds", None)
        if retry_after is not None:
            headers["Retry-After"] = str(max(1, round(retry_after)))
        field = getattr(exc, "field", None)
        if field:
            errors = [{"field": field, "message": str(exc)}]
            return problem(status, str(exc), headers=headers, errors=errors)
        return problem(status, str(exc), headers=headers)

    return handler
