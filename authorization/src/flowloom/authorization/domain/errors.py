"""Errors of the authorization domain, each carrying a message fit for a human."""

from __future__ import annotations

# The class names below are the service's vocabulary (mapped 1:1 to HTTP problem types by the
# API layer), so they deliberately do not end in "Error".


class DomainError(Exception):
    """Base of every expected failure; ``message`` is safe to show to the caller."""

    default_message = "the request cannot be completed"

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class NotFound(DomainError):
    """The object does not exist, or the caller may not know that it exists."""

    default_message = "not found"


class Conflict(DomainError):
    """The request contradicts the current state (duplicate name, last owner, ...)."""

    default_message = "conflict with the current state"


class InvalidCredentials(DomainError):
    """Login failed; the message never says whether the user exists."""

    default_message = "invalid username or password"


class InvalidToken(DomainError):
    """A refresh token, API key or session is unknown, expired or revoked."""

    default_message = "invalid or expired token"


class Forbidden(DomainError):
    """The caller is known and sees the object but may not perform this action."""

    default_message = "not allowed"


class TooManyAttempts(DomainError):
    """Login is locked for this username; retry after ``retry_after_seconds``."""

    def __init__(self, retry_after_seconds: int) -> None:
        self.retry_after_seconds = retry_after_seconds
        super().__init__(f"too many failed logins, retry in {retry_after_seconds} s")


class ValidationFailed(DomainError):
    """An input value breaks a rule; ``field`` names the offending input."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"
