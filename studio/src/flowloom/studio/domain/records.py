"""What the repositories store and answer besides the domain objects: records and pages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from flowloom.servicekit.kernel import Page as Page  # re-exported: the repositories answer it
from flowloom.studio.domain.variables import ProjectVariable
from flowloom.studio.domain.workflow import Workflow


@dataclass(frozen=True)
class WorkflowRecord:
    """A stored workflow (its current editable definition) and when it changed."""

    workflow: Workflow
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class StaticFile:
    """A file uploaded for a workflow; ``key`` (object-store key) is what ``{file: key}`` binds."""

    key: str
    workflow_id: str
    project: str
    filename: str
    size: int
    media_type: str
    created_at: datetime


@dataclass(frozen=True)
class VersionRecord:
    """A frozen version; ``document`` is its full content as plain data (the deploy order)."""

    version_id: str
    workflow_id: str
    project: str
    number: int
    created_at: datetime
    document: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class VariableRecord:
    variable: ProjectVariable
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class SecretRecord:
    """What is ever shown of a secret: never its value."""

    name: str
    created_at: datetime
    updated_at: datetime
