"""Errors of the authorization domain, each carrying a message fit for a human: the kernel's
common ones (re-exported here) and the authorization's own."""

from __future__ import annotations

from flowloom.servicekit.kernel import Conflict, DomainError, Forbidden, NotFound, ValidationFailed

__all__ = [
    "Conflict",
    "DomainError",
    "Forbidden",
    "InvalidCredentials",
    "InvalidToken",
    "NotFound",
    "TooManyAttempts",
    "ValidationFailed",
]

# The class names below are the service's vocabulary (mapped 1:1 to HTTP problem types by the
# API layer), so they deliberately do not end in "Error".


class InvalidCredentials(DomainError):
    """Login failed; the message never says whether the user exists."""

    default_message = "invalid username or password"


class InvalidToken(DomainError):
    """A refresh token, API key or session is unknown, expired or revoked."""

    default_message = "invalid or expired token"


class TooManyAttempts(DomainError):
    """Login is locked for this username; retry after ``retry_after_seconds``."""

    def __init__(self, retry_after_seconds: int) -> None:
        self.retry_after_seconds = retry_after_seconds
        super().__init__(f"too many failed logins, retry in {retry_after_seconds} s")
