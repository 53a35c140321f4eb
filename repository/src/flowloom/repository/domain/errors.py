"""Errors of the repository domain, each carrying a message fit for a human: the kernel's
common ones (re-exported here) and the repository's own."""

from __future__ import annotations

from flowloom.servicekit import kernel
from flowloom.servicekit.kernel import Conflict, DomainError, NotFound

__all__ = ["Conflict", "DomainError", "NotFound", "SourceRefused", "ValidationFailed"]


class ValidationFailed(kernel.ValidationFailed):
    """The input is well-formed but not acceptable (bad URL scheme, ...); names its field.
    ``str()`` is the message alone (the field is said in the problem's ``errors``)."""

    default_message = "invalid input"

    def __str__(self) -> str:
        return self.message


class SourceRefused(ValidationFailed):
    """A source URL leads where its owner may not read: the platform's own data, a directory
    not open to file:// sources, a non-public address (see domain/reach.py)."""

    default_message = "this source may not be read"

    def __init__(self, message: str | None = None, *, field: str = "body.url") -> None:
        super().__init__(field, message or self.default_message)
