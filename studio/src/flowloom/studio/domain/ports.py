"""Ports of the studio (repositories aside): unit of work, file store, condition checker,
schedule reader, clock, ids; adapters live in infrastructure."""

from __future__ import annotations

import abc
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import IO

from flowloom.servicekit import kernel
from flowloom.studio.domain.conditions import ConditionAnalysis, Declared
from flowloom.studio.domain.events import DomainEvent
from flowloom.studio.domain.repositories import (
    ActionRepository,
    DeploymentRepository,
    FileRepository,
    SecretRepository,
    VariableRepository,
    VersionRepository,
    WorkflowRepository,
)
from flowloom.studio.domain.variables import ProjectVariable


class UnitOfWork(kernel.UnitOfWork[DomainEvent]):
    """The kernel's unit of work over the studio's repositories."""

    actions: ActionRepository
    workflows: WorkflowRepository
    files: FileRepository
    versions: VersionRepository
    deployments: DeploymentRepository
    variables: VariableRepository
    secrets: SecretRepository


class ConditionChecker(abc.ABC):
    """Parses a condition the way the runner evaluates it.

    Run-time context: ``{"trigger": {"outputs": {...}}, "steps": {"<id>": {"outputs": {...}}}}``.
    """

    @abc.abstractmethod
    async def analyse(self, expression: str, declared: Declared) -> ConditionAnalysis:
        """Parse ``expression`` off the event loop within size and nesting limits and a time
        budget, and type-check it on outputs of the ``declared`` types; never raises for a bad
        expression (``error`` says why, naming the limit)."""


class ScheduleReader(abc.ABC):
    """Reads a cron schedule in the runner's dialect (the same library and options)."""

    @abc.abstractmethod
    def problem(self, schedule: str) -> str | None:
        """Why ``schedule`` would not fire (not understood, or matches no date), or None."""

    @abc.abstractmethod
    def next_times(
        self, schedule: str, timezone: str, after: datetime, count: int
    ) -> list[datetime]:
        """The next ``count`` fire times after ``after``, in ``timezone``; empty when the
        schedule or the time zone is not valid."""


class FileStore(abc.ABC):
    """The object store holding the workflows' static files."""

    @abc.abstractmethod
    async def put(self, key: str, content: IO[bytes], media_type: str) -> int:
        """Store the whole of the open file ``content``, streamed (never read whole into
        memory); its size in bytes."""

    @abc.abstractmethod
    async def copy(self, source: str, target: str) -> None:
        """A copy of the object ``source`` at ``target``, made by the store itself."""

    @abc.abstractmethod
    async def get(self, key: str) -> bytes: ...

    @abc.abstractmethod
    async def delete(self, keys: Collection[str]) -> None: ...

    @abc.abstractmethod
    async def delete_prefix(self, prefix: str) -> None: ...


class Clock(abc.ABC):
    @abc.abstractmethod
    def now(self) -> datetime: ...


class Ids(abc.ABC):
    @abc.abstractmethod
    def new_id(self) -> str: ...


def project_prefix(project: str) -> str:
    """Every object-store key of a project starts with this."""
    return f"projects/{project}/"


def file_key(project: str, workflow_id: str, file_id: str, filename: str) -> str:
    return f"{project_prefix(project)}workflows/{workflow_id}/files/{file_id}/{filename}"


Variables = Mapping[str, ProjectVariable]
