"""Errors of the studio domain, each carrying a message fit for a human."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flowloom.studio.domain.problems import Problem

# The class names are the service's vocabulary (mapped 1:1 to HTTP problem types by the API
# layer), so they deliberately do not end in "Error".


class DomainError(Exception):
    """Base of every expected failure; ``message`` is safe to show to the caller."""

    default_message = "the request cannot be completed"

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)


class NotFound(DomainError):
    """The object does not exist (a step id, an action...), or belongs to another project."""

    default_message = "not found"


class Conflict(DomainError):
    """The request contradicts the current state (a step id already taken...)."""

    default_message = "conflict with the current state"


class ValidationFailed(DomainError):
    """A value breaks a rule; ``field`` names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class WorkflowInvalid(DomainError):
    """The workflow cannot be frozen; ``problems`` lists every validation problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(problem.message for problem in problems))
