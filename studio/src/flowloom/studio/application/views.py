"""What the use cases answer besides records: a workflow with what is worked out about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flowloom.studio.domain.deployment import Deployment
from flowloom.studio.domain.problems import Problem
from flowloom.studio.domain.records import WorkflowRecord


@dataclass(frozen=True)
class WorkflowView:
    """A workflow as answered: the record, its problems now, its deployment (None: never), and
    the next fire times of its cron trigger (empty for another trigger or an invalid one)."""

    record: WorkflowRecord
    problems: list[Problem] = field(default_factory=list)
    deployment: Deployment | None = None
    next_fire_times: list[datetime] = field(default_factory=list)
