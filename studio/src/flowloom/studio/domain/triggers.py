"""What starts the runs of a workflow: a source action, manual runs or a cron schedule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flowloom.studio.domain.bindings import Binding
from flowloom.studio.domain.io import IoType, OutputSpec

CRON_TIME = OutputSpec("time", IoType.STRING)  # always provided by a cron trigger (ISO 8601)


@dataclass(frozen=True)
class ActionTrigger:
    """A Source action; ``version`` None means the newest published one.

    ``inputs`` take literals, variables and static files. ``outputs`` declares the outputs of a
    source with ``dynamic_outputs`` (added to those the action declares).
    """

    action: str
    version: str | None = None
    inputs: Mapping[str, Binding] = field(default_factory=dict)
    outputs: tuple[OutputSpec, ...] = ()


@dataclass(frozen=True)
class ManualTrigger:
    """Runs started by hand, a form or the webhook, providing the declared outputs."""

    outputs: tuple[OutputSpec, ...] = ()


@dataclass(frozen=True)
class CronTrigger:
    """Runs on a five-field cron schedule in an IANA time zone; ``time`` is always provided."""

    schedule: str
    timezone: str = "UTC"
    outputs: tuple[OutputSpec, ...] = ()

    @property
    def provided_outputs(self) -> tuple[OutputSpec, ...]:
        """The declared outputs plus ``time`` when not declared."""
        if any(spec.name == CRON_TIME.name for spec in self.outputs):
            return self.outputs
        return (*self.outputs, CRON_TIME)


Trigger = ActionTrigger | ManualTrigger | CronTrigger
