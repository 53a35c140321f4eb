"""Errors of the studio domain, each carrying a message fit for a human: the kernel's common
ones (re-exported here) and the studio's own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowloom.servicekit.kernel import Conflict, DomainError, NotFound, ValidationFailed

if TYPE_CHECKING:
    from flowloom.studio.domain.problems import Problem

__all__ = ["Conflict", "DomainError", "NotFound", "ValidationFailed", "WorkflowInvalid"]


class WorkflowInvalid(DomainError):
    """The workflow cannot be frozen; ``problems`` lists every validation problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(problem.message for problem in problems))
