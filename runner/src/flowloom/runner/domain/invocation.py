"""What running an action involves: warm action deployments, requests, outcomes and log lines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from flowloom.runner.domain.values import IoValue, Value
from flowloom.runner.domain.workflow import ActionArtefact, ActionTrigger, WorkflowVersion


class ActionRole(StrEnum):
    TRIGGER = "trigger"  # kept up while the workflow is deployed
    PROCESSOR = "processor"  # started on first use, stopped when idle


@dataclass(frozen=True)
class ActionDeployment:
    """A warm action of one workflow; ``key`` identifies its pool of wrappers.

    The key names what the pool runs (the artefact and its settings, ``fingerprint``), not
    only the action's version string: a rebuilt action deployed again gets a pool of its own.
    """

    project_id: str
    workflow_id: str
    action: ActionArtefact
    role: ActionRole

    @property
    def key(self) -> str:
        action = self.action
        return (
            f"{self.workflow_id}/{self.role}/{action.action_id}/{action.version}"
            f"/{action.fingerprint}"
        )


def deployment_keys(project_id: str, version: WorkflowVersion) -> frozenset[str]:
    """The keys of every pool a version's runs use: its source's and its steps'."""
    trigger = trigger_deployment(project_id, version)
    steps = (processor_deployment(project_id, version.workflow_id, s.action) for s in version.steps)
    return frozenset(d.key for d in (trigger, *steps) if d is not None)


def trigger_deployment(project_id: str, version: WorkflowVersion) -> ActionDeployment | None:
    """The source action to keep up while deployed (None for manual and cron triggers)."""
    trigger = version.trigger
    if not isinstance(trigger, ActionTrigger):
        return None
    return ActionDeployment(project_id, version.workflow_id, trigger.action, ActionRole.TRIGGER)


def processor_deployment(
    project_id: str, workflow_id: str, action: ActionArtefact
) -> ActionDeployment:
    return ActionDeployment(project_id, workflow_id, action, ActionRole.PROCESSOR)


@dataclass(frozen=True)
class ActionHandle:
    """One started wrapper, reserved for its holder until released (opaque to the application)."""

    deployment_key: str
    address: str
    instance_id: str = ""


@dataclass(frozen=True)
class FileTarget:
    """Where the wrapper uploads a file or directory output: a key and its presigned PUT URL."""

    key: str
    url: str


@dataclass(frozen=True)
class ExecutionRequest:
    """One attempt of one execution, ready for the wrapper.

    ``inputs`` hold the real values (secrets included: never log or store them);
    ``input_urls`` a presigned GET per file/directory input, ``output_targets`` a presigned PUT
    per file/directory output.
    """

    execution_id: str
    run_id: str
    project_id: str
    step_id: str
    attempt: int
    inputs: Mapping[str, IoValue]
    input_urls: Mapping[str, str] = field(default_factory=dict)
    output_targets: Mapping[str, FileTarget] = field(default_factory=dict)
    timeout_seconds: float | None = None


@dataclass(frozen=True)
class Succeeded:
    """The handler returned; files are StoredFile at their target's key.

    ``masked``: outputs whose text holds a masked input value (a password or a secret): kept
    for the next steps, but hidden and sealed like a password.
    """

    outputs: Mapping[str, Value] = field(default_factory=dict)
    masked: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Failed:
    """The handler raised, or the wrapper could not run it."""

    message: str
    traceback: str = ""


@dataclass(frozen=True)
class Cancelled:
    """The handler raised its module's RyaxException: the run is cancelled, not failed."""

    code: int
    message: str


@dataclass(frozen=True)
class TimedOut:
    """The execution ran longer than its timeout and was stopped."""

    after_seconds: float


ExecutionOutcome = Succeeded | Failed | Cancelled | TimedOut


@dataclass(frozen=True)
class HeldOutcome:
    """An attempt's outcome the database has not recorded yet (it was unreachable)."""

    run_id: str
    execution_id: str
    attempt: int
    outcome: ExecutionOutcome


@dataclass(frozen=True)
class LogLine:
    """A line of user code output; ``stream`` is "stdout", "stderr" or "wrapper"."""

    stream: str
    line: str
    timestamp: datetime


@dataclass(frozen=True)
class StoredLogLine:
    """A log line as read back; ``number`` grows per execution (across its attempts) and is
    the page cursor."""

    number: int
    stream: str
    line: str
    timestamp: datetime
    attempt: int = 1
