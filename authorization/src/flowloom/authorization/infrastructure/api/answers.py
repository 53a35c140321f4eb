"""The error answers a route gives besides those its shape implies (servicekit documents
those: 401, 404 with a path parameter, 422, 500, 503); this service declares its 403s."""

from __future__ import annotations

from typing import Any

from flowloom.servicekit.web.answers import FORBIDDEN

Answers = dict[int | str, dict[str, Any]]

CONFLICT: Answers = {409: {"description": "Conflict with the current state (see the detail)."}}
NOT_FOUND: Answers = {404: {"description": "Not found (a project, a user or a member)."}}
UNAUTHORIZED: Answers = {
    401: {"description": "Wrong credentials, or an invalid, expired or revoked token."}
}
TOO_MANY: Answers = {
    429: {
        "description": "Too many failed logins from this address: retry after `Retry-After`.",
        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
    }
}
MANAGE: Answers = {**FORBIDDEN, **CONFLICT}
