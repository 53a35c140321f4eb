"""Errors of the runner domain, each carrying a message fit for a human: the kernel's common
ones (re-exported here) and the runner's own."""

from __future__ import annotations

from flowloom.servicekit.kernel import Conflict, DomainError, NotFound, ValidationFailed

__all__ = [
    "ActionStartFailed",
    "ConditionFailed",
    "Conflict",
    "DeploymentRejected",
    "DomainError",
    "InputUnresolved",
    "NotFound",
    "RunInputRejected",
    "TriggerStartFailed",
    "ValidationFailed",
]


class RunInputRejected(ValidationFailed):
    """The values a run was started with do not fit the workflow's inputs (its trigger's
    outputs). ``problems``: (field, message) pairs, each message naming its input; ``field``
    is the first one's. Said once: ``str()`` is the messages alone."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__(problems[0][0], "; ".join(message for _, message in problems))

    def __str__(self) -> str:
        return self.message


class DeploymentRejected(DomainError):
    """A workflow version breaks a graph rule; ``problems`` lists every one of them."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


class ActionStartFailed(DomainError):
    """A warm action could not be started (missing artefact, crash at Init, no capacity...)."""

    default_message = "the action could not be started"


class TriggerStartFailed(DomainError):
    """A trigger could not be started (invalid cron schedule, unknown timezone, a source that
    stopped while starting...); ``log_tail``: the last lines it wrote, if any."""

    default_message = "the trigger could not be started"

    def __init__(self, message: str | None = None, log_tail: str = "") -> None:
        super().__init__(message)
        self.log_tail = log_tail


class ConditionFailed(DomainError):
    """A step condition could not be evaluated to a boolean."""

    default_message = "the condition could not be evaluated"


class InputUnresolved(DomainError):
    """A step input has no value at execution time (missing output, unknown secret)."""

    default_message = "an input has no value"
