"""RFC 9457 problem details for every error a service answers."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.dependencies.utils import get_flat_params
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException
from starlette.routing import Match

from flowloom.servicekit import kernel
from flowloom.servicekit.database.errors import database_unavailable

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
# Seconds a client is told to wait (`Retry-After`) when a dependency is down: a restarting
# database or a failover takes a few seconds, and clients should come back soon after.
RETRY_AFTER_SECONDS = 5
# Said in the OpenAPI description of every service with a database.
OUTAGES = (
    " While the service's database is unreachable, an operation that needs it answers 503 "
    "`application/problem+json` with `Retry-After` (seconds) and `dependency: database` (and "
    "`dependency: authorization service` when the token keys cannot be fetched); an unexpected "
    "error answers a 500 problem. `GET …/healthz` says which dependency is down."
)
# What reaches a route when the database is away: SQLAlchemy's errors, and a failed connect's
# OSError (both raised for other reasons too: each is classified by `database_unavailable`, and
# answers 500 when it is not an outage). Answered here, they are not logged as crashes.
_DRIVER_ERRORS: tuple[type[Exception], ...] = (DBAPIError, OSError)
# The kernel's errors, answered alike by every service (a subclass answers its base's status
# unless the service maps it too).
DOMAIN_STATUSES: Mapping[type[Exception], int] = {
    kernel.ValidationFailed: 422,
    kernel.Forbidden: 403,
    kernel.NotFound: 404,
    kernel.Conflict: 409,
}


class DependencyUnavailable(Exception):
    """A dependency the request needs is down: answered 503 with `Retry-After`, naming it."""

    def __init__(self, dependency: str) -> None:
        super().__init__(f"the {dependency} is unavailable")
        self.dependency = dependency


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
    app: FastAPI,
    statuses: Mapping[type[Exception], int] | None = None,
    *,
    forbidden: bool = True,
    conflicts: bool = False,
) -> None:
    """Map HTTP errors, validation errors, the kernel's errors (`DOMAIN_STATUSES`) and the given
    exception types (a service's own, added to or overriding those) to problem details;
    a database outage to 503 with `Retry-After`, any other error to a 500 problem. Path and
    query parameters holding a NUL character are refused (422) before any route sees them;
    call this before including the routers. The answers are documented on every operation
    (`answers.install_answer_documents`, with `forbidden` and `conflicts`).

    An exception may carry `retry_after_seconds` (→ `Retry-After`) and `field` (→ `errors`).
    """
    from flowloom.servicekit.web.answers import install_answer_documents

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        headers = exc.headers
        if exc.status_code == 405:  # Starlette names the methods of one route of the path
            headers = {**(headers or {}), "Allow": ", ".join(_allowed_methods(request))}
        return problem(exc.status_code, str(exc.detail), headers=headers)

    async def on_validation(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = _validation_errors(exc)
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem(422, f"Invalid input: {detail}", errors=errors)

    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    for exc_type, status in {**DOMAIN_STATUSES, **(statuses or {})}.items():
        app.add_exception_handler(exc_type, _mapped(status))
    app.add_exception_handler(DependencyUnavailable, _on_dependency_unavailable)
    for driver_error in _DRIVER_ERRORS:
        app.add_exception_handler(driver_error, _on_driver_error)
    # Starlette answers `Exception` last, then re-raises it so the server logs the traceback.
    app.add_exception_handler(Exception, _on_unhandled)
    app.router.dependencies.append(Depends(refuse_nul_parameters))
    install_answer_documents(app, forbidden=forbidden, conflicts=conflicts)


async def refuse_nul_parameters(request: Request) -> None:
    """422 for a path or query parameter of the route holding NUL: no database stores it
    (PostgreSQL refuses it in text), so it would otherwise be a 500."""
    errors = [
        {"type": "value_error", "loc": (where, name), "msg": "holds the NUL character"}
        for where, name, value in _parameters(request)
        if "\0" in value
    ]
    if errors:
        raise RequestValidationError(errors)


def _parameters(request: Request) -> list[tuple[str, str, str]]:
    found = [("path", name, str(value)) for name, value in request.path_params.items()]
    route = request.scope.get("route")
    if isinstance(route, APIRoute):
        names = _parameter_names(route)
        query = request.query_params.multi_items()
        found += [("query", name, value) for name, value in query if name in names]
    return found


_NAMES: dict[int, frozenset[str]] = {}  # by route (routes live as long as their app)


def _parameter_names(route: APIRoute) -> frozenset[str]:
    names = _NAMES.get(id(route))
    if names is None:
        names = _NAMES[id(route)] = frozenset(f.alias for f in get_flat_params(route.dependant))
    return names


def _allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


def service_unavailable(dependency: str) -> JSONResponse:
    """503 naming the dependency that is down, with `Retry-After`."""
    return problem(
        503,
        f"The {dependency} is unavailable; try again in a few seconds.",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        dependency=dependency,
    )


def internal_error() -> JSONResponse:
    """500 that says nothing of the error (the log has it)."""
    return problem(500, "An unexpected error occurred; it has been logged.")


async def _on_dependency_unavailable(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DependencyUnavailable)
    log.warning("%s %s: %s (%r)", request.method, request.url.path, exc, exc.__cause__)
    return service_unavailable(exc.dependency)


async def _on_driver_error(request: Request, exc: Exception) -> JSONResponse:
    if database_unavailable(exc):
        log.warning(
            "%s %s: database unavailable (%s)", request.method, request.url.path, _name(exc)
        )
        return service_unavailable("database")
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return internal_error()


async def _on_unhandled(_: Request, exc: Exception) -> JSONResponse:
    if database_unavailable(exc):
        return service_unavailable("database")
    return internal_error()


def _name(exc: BaseException) -> str:
    cause = exc.__cause__
    return f"{type(exc).__name__} from {type(cause).__name__}" if cause else type(exc).__name__


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
