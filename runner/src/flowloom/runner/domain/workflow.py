"""The workflow version as deployed: a frozen mirror of the studio's message."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from flowloom.runner.domain.values import FileKey, IoSpec, IoType

TRIGGER = "trigger"
_CONTENT_ADDRESSED = re.compile(r"/([0-9a-f]{64})\.tar\.gz$")


class ActionKind(StrEnum):
    PROCESSOR = "Processor"
    PUBLISHER = "Publisher"
    SOURCE = "Source"


@dataclass(frozen=True)
class Resources:
    """What one execution may use; ``time_seconds`` is the default timeout (0: none)."""

    cpu: float = 0.0
    memory_bytes: int = 0
    time_seconds: float = 0.0
    gpu: float = 0.0


@dataclass(frozen=True)
class ActionArtefact:
    """An action resolved at deploy time: what the runner starts."""

    action_id: str
    version: str
    kind: ActionKind
    artefact: str
    inputs: tuple[IoSpec, ...] = ()
    outputs: tuple[IoSpec, ...] = ()
    resources: Resources = field(default_factory=Resources)

    def input(self, name: str) -> IoSpec | None:
        return next((spec for spec in self.inputs if spec.name == name), None)

    @property
    def digest(self) -> str | None:
        """``sha256:<hex>`` of a content-addressed archive (the builder's), else None."""
        found = _CONTENT_ADDRESSED.search(self.artefact)
        return f"sha256:{found.group(1)}" if found else None

    @property
    def fingerprint(self) -> str:
        """What a warm wrapper runs: the artefact and the settings it is started with.

        The same action id and version rebuilt (another artefact) or deployed with other
        resources or IO specs has another fingerprint, so it never reuses the old wrappers.
        """
        started_with = repr((self.artefact, str(self.kind), self.inputs, self.outputs,
                             self.resources))  # fmt: skip
        return hashlib.sha256(started_with.encode()).hexdigest()[:16]

    def output(self, name: str) -> IoSpec | None:
        return next((spec for spec in self.outputs if spec.name == name), None)


LiteralValue = str | int | float | bool | bytes | FileKey | None


@dataclass(frozen=True)
class Literal:
    """A fixed value: a literal, a resolved project variable or a static file."""

    value: LiteralValue


@dataclass(frozen=True)
class Ref:
    """The output ``output`` of ``node``: "trigger" or a step id."""

    node: str
    output: str

    def __str__(self) -> str:
        return f"{self.node}.{self.output}"


@dataclass(frozen=True)
class SecretRef:
    """A project secret, resolved by name when an execution starts."""

    name: str


Binding = Literal | Ref | SecretRef


@dataclass(frozen=True)
class Retry:
    """``attempts`` in total (>= 1); ``backoff_seconds`` before the 2nd, doubling after."""

    attempts: int = 1
    backoff_seconds: float = 0.0

    def delay_after(self, failed_attempt: int) -> timedelta:
        return timedelta(seconds=self.backoff_seconds * 2 ** (failed_attempt - 1))


@dataclass(frozen=True)
class Step:
    """One node of the DAG: an action run on bound inputs, when its condition holds."""

    id: str
    action: ActionArtefact
    inputs: Mapping[str, Binding] = field(default_factory=dict)
    when: str = ""
    retry: Retry = field(default_factory=Retry)
    timeout_seconds: float = 0.0
    needs: tuple[str, ...] = ()

    @property
    def upstream(self) -> tuple[str, ...]:
        """Predecessor step ids: explicit ``needs`` and those implied by refs, in order."""
        refs = [b.node for b in self.inputs.values() if isinstance(b, Ref) and b.node != TRIGGER]
        return tuple(dict.fromkeys([*self.needs, *refs]))

    @property
    def quoted_when(self) -> str:
        """The condition quoted for a message, cut at 80 characters (it may be kilobytes)."""
        when = self.when if len(self.when) <= 80 else self.when[:80] + "…"
        return repr(when)

    @property
    def timeout(self) -> float | None:
        """The step's timeout, else the action's ``resources.time``, else none."""
        return self.timeout_seconds or self.action.resources.time_seconds or None


@dataclass(frozen=True)
class ActionTrigger:
    """A source action that creates runs; its inputs are literals."""

    action: ActionArtefact
    inputs: Mapping[str, Binding] = field(default_factory=dict)


@dataclass(frozen=True)
class ManualTrigger:
    """Runs started by hand, a form or the webhook, with the declared outputs."""

    outputs: tuple[IoSpec, ...] = ()


@dataclass(frozen=True)
class CronTrigger:
    """Runs on a five-field cron schedule; ``time`` (ISO 8601) is always an output."""

    schedule: str
    timezone: str = "UTC"
    outputs: tuple[IoSpec, ...] = ()


Trigger = ActionTrigger | ManualTrigger | CronTrigger

CRON_TIME = IoSpec("time", IoType.STRING)


def trigger_outputs(trigger: Trigger) -> tuple[IoSpec, ...]:
    """What a run of this trigger provides to the steps under the node name "trigger"."""
    match trigger:
        case ActionTrigger(action=action):
            return action.outputs
        case ManualTrigger(outputs=outputs):
            return outputs
        case CronTrigger(outputs=outputs):
            declared = any(spec.name == CRON_TIME.name for spec in outputs)
            return outputs if declared else (*outputs, CRON_TIME)


@dataclass(frozen=True)
class WorkflowResult:
    """A named value of a completed run, taken from the trigger or a step."""

    name: str
    ref: Ref


@dataclass(frozen=True)
class WorkflowVersion:
    """An immutable workflow version: one trigger, a DAG of steps and its results."""

    workflow_id: str
    workflow_version_id: str
    name: str
    number: int
    trigger: Trigger
    steps: tuple[Step, ...] = ()
    results: tuple[WorkflowResult, ...] = ()

    def step(self, step_id: str) -> Step:
        """The step ``step_id`` (KeyError when unknown: callers use validated versions)."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def outputs_of(self, node: str) -> tuple[IoSpec, ...] | None:
        """The outputs "trigger" or a step declares; None for an unknown node."""
        if node == TRIGGER:
            return trigger_outputs(self.trigger)
        step = next((s for s in self.steps if s.id == node), None)
        return step.action.outputs if step else None
