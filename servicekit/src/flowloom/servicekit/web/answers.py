"""The error answers of every operation, written into the service's OpenAPI document.

Every error a service answers is an RFC 9457 problem (`application/problem+json`, schema
`Problem`). What each operation can answer follows from its shape, so it is documented here
once instead of on every route: 401 unless public, 403 where the service checks roles, 404
with a path parameter, 422 with any input, 500 always, 503 unless it is the health check.
A route declares what its shape does not say (a 409, a 404 without a path parameter) with
`responses={409: {"description": ...}}`; the problem content is filled in here.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from flowloom.servicekit.web.json_guard import MAX_JSON_DEPTH
from flowloom.servicekit.web.problems import PROBLEM_JSON

REF = "#/components/schemas/"
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details: every error answer of every service.",
    "type": "object",
    "properties": {
        "type": {"type": "string", "title": "Type"},
        "title": {"type": "string", "title": "Title"},
        "status": {"type": "integer", "title": "Status"},
        "detail": {"type": "string", "title": "Detail"},
        "errors": {
            "type": "array",
            "title": "Errors",
            "description": "Field errors: `field` is a path such as `body.name`.",
            "items": {"$ref": f"{REF}FieldError"},
        },
    },
    "required": ["type", "title", "status", "detail"],
    "additionalProperties": True,
}
FIELD_ERROR_SCHEMA: dict[str, Any] = {
    "title": "FieldError",
    "type": "object",
    "properties": {
        "field": {"type": "string", "title": "Field"},
        "message": {"type": "string", "title": "Message"},
    },
    "required": ["field", "message"],
}
PROBLEM_CONTENT: dict[str, Any] = {PROBLEM_JSON: {"schema": {"$ref": f"{REF}Problem"}}}
FORBIDDEN: dict[int | str, dict[str, Any]] = {
    403: {"description": "Forbidden: the caller's role does not allow it."}
}
_FASTAPI_ERRORS = ("HTTPValidationError", "ValidationError")
_DESCRIPTIONS = {
    "400": "The body cannot be read (a malformed form).",
    "401": "Unauthorized: no bearer token, or one that is invalid, expired or revoked "
    "(`WWW-Authenticate: Bearer`).",
    "403": "Forbidden: the caller's role does not allow it, or the token names no project.",
    "404": "Not found, or not the caller's project's (existence is never leaked).",
    "409": "Conflict: the object's state does not allow it, or a name is taken.",
    "422": "Invalid input: a problem document with the field errors (`errors`). JSON bodies "
    f"are refused before they are read when they are not UTF-8, nest deeper than "
    f"{MAX_JSON_DEPTH} levels, or "
    "hold an integer beyond 64 bits, a number beyond a double, NaN/Infinity or a NUL "
    "character; path and query parameters when they hold a NUL character.",
    "500": "An unexpected error; it has been logged (the answer never says more).",
    "503": "A dependency is down (`dependency`: `database` or `authorization service`); "
    "retry after `Retry-After` seconds.",
}
_FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")
_WRITES = frozenset({"post", "put", "patch", "delete"})


def install_answer_documents(
    app: FastAPI, *, forbidden: bool = True, conflicts: bool = False
) -> None:
    """Document the problem answers on every operation of `app` (see the module docstring).
    `forbidden`: every authenticated operation can answer 403 (the service checks a project
    role on each); without it, routes declare their 403 (`responses=FORBIDDEN`).
    `conflicts`: every write (POST, PUT, PATCH, DELETE) can answer 409 (a state the write does
    not apply to, or a name taken: a unique constraint); without it, routes declare theirs."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document(generate(), forbidden=forbidden, conflicts=conflicts)
        return app.openapi_schema or generate()

    app.openapi = openapi  # type: ignore[method-assign]


def document(openapi: dict[str, Any], *, forbidden: bool, conflicts: bool = False) -> None:
    """Add the answers to `openapi` in place; `Problem` replaces FastAPI's error schemas."""
    for path, item in openapi.get("paths", {}).items():
        for method, operation in item.items():
            _answers(path, operation, forbidden)
            if conflicts and method in _WRITES and not path.endswith("/healthz"):
                operation["responses"].setdefault("409", {"description": _DESCRIPTIONS["409"]})
                operation["responses"]["409"]["content"] = PROBLEM_CONTENT
    schemas = openapi.setdefault("components", {}).setdefault("schemas", {})
    for name in _FASTAPI_ERRORS:
        schemas.pop(name, None)
    schemas["Problem"] = PROBLEM_SCHEMA
    schemas["FieldError"] = FIELD_ERROR_SCHEMA


def _answers(path: str, operation: dict[str, Any], forbidden: bool) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    health = path.endswith("/healthz")
    public = operation.get("security") == [] or health
    parameters = operation.get("parameters", [])
    wanted = {"500"}
    if not health:
        wanted.add("503")
    if not public:
        wanted |= {"401", "403"} if forbidden else {"401"}
    if any(parameter.get("in") == "path" for parameter in parameters):
        wanted.add("404")
    body = operation.get("requestBody", {}).get("content", {})
    if parameters or body:
        wanted.add("422")
    if any(media.startswith(_FORMS) for media in body):
        wanted.add("400")
    for status in sorted(wanted):
        responses.setdefault(status, {"description": _DESCRIPTIONS[status]})
    if responses.get("422", {}).get("description") == "Validation Error":  # FastAPI's own
        responses["422"] = {"description": _DESCRIPTIONS["422"]}
    for status, response in responses.items():
        if status[:1] in ("4", "5"):
            response["content"] = PROBLEM_CONTENT
