"""Errors of the repository domain, each carrying a message fit for a human."""

from __future__ import annotations

# The class names are the service's vocabulary, mapped 1:1 to HTTP statuses by the API layer.


class DomainError(Exception):
    """Base of every expected failure; ``message`` is safe to show to the caller."""

    default_message = "the request cannot be completed"

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        self.message = message or self.default_message
        self.field = field
        super().__init__(self.message)


class NotFound(DomainError):
    """The object does not exist, or belongs to another project."""

    default_message = "not found"


class Conflict(DomainError):
    """The request contradicts the current state (building an action in Scan Error, ...)."""

    default_message = "conflict with the current state"


class ValidationFailed(DomainError):
    """The input is well-formed but not acceptable (bad URL scheme, ...); names its field."""

    default_message = "invalid input"


class SourceRefused(ValidationFailed):
    """A source URL leads where its owner may not read: the platform's own data, a directory
    not open to file:// sources, a non-public address (see domain/reach.py)."""

    default_message = "this source may not be read"

    def __init__(self, message: str | None = None, *, field: str | None = "body.url") -> None:
        super().__init__(message, field=field)
