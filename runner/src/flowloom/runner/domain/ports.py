"""Ports: the unit of work and the technical services the runner relies on."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Self

from flowloom.runner.domain.events import DomainEvent
from flowloom.runner.domain.invocation import LogLine, StoredLogLine
from flowloom.runner.domain.repositories import (
    DeploymentRepository,
    ProjectSecretRepository,
    RunRepository,
    WorkflowVersionRepository,
)


class UnitOfWork(ABC):
    """One transaction over every repository; uncommitted work is rolled back on exit.

    ``emit`` records a domain event that the adapter writes to the outbox in the same
    transaction, so the event is published if and only if ``commit`` succeeds.
    """

    deployments: DeploymentRepository
    versions: WorkflowVersionRepository
    runs: RunRepository
    secrets: ProjectSecretRepository

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # After a commit there is nothing left to roll back, so this is always safe.
        await self.rollback()

    @abstractmethod
    async def commit(self) -> None: ...
    @abstractmethod
    async def rollback(self) -> None: ...
    @abstractmethod
    def emit(self, event: DomainEvent) -> None: ...


class Clock(ABC):
    """The current time, and waiting (so tests can run retries in virtual time)."""

    @abstractmethod
    def now(self) -> datetime:
        """An aware datetime in UTC."""

    @abstractmethod
    async def sleep(self, seconds: float) -> None: ...


class IdGenerator(ABC):
    """New identifiers and unguessable keys."""

    @abstractmethod
    def new_id(self) -> str:
        """A new random UUID in its canonical text form."""

    @abstractmethod
    def new_secret(self) -> str:
        """An unguessable URL-safe token (at least 32 random bytes): webhook keys."""


class ConditionEvaluator(ABC):
    """Step conditions (CEL in production) over ``{"trigger": ..., "steps": ...}``.

    The context is ``{"trigger": {"outputs": {...}}, "steps": {"<id>": {"outputs": {...},
    "state": "Success"}}}`` with plain Python values (a file is its name).
    """

    @abstractmethod
    def validate(self, expression: str) -> str | None:
        """Why the expression does not compile, or None when it does."""

    @abstractmethod
    def evaluate(self, expression: str, context: Mapping[str, object]) -> bool:
        """The condition's value; ConditionFailed when it errors or is not a boolean."""


class SecretResolver(ABC):
    """Project secrets, by name, resolved when an execution starts."""

    @abstractmethod
    async def resolve(self, project_id: str, name: str) -> str | None:
        """The secret's value, or None when the project has no such secret."""


class FileStore(ABC):
    """The object store; the wrapper only ever sees presigned URLs."""

    @abstractmethod
    async def put_bytes(self, key: str, content: bytes) -> int:
        """Store ``content`` at ``key``; its size in bytes."""

    @abstractmethod
    async def presigned_get(self, key: str, filename: str | None = None) -> str:
        """A download URL; ``filename`` becomes the download's file name."""

    @abstractmethod
    async def presigned_put(self, key: str) -> str: ...
    @abstractmethod
    async def delete_prefix(self, prefix: str) -> None: ...


class LogSink(ABC):
    """Where execution log lines go as they stream in."""

    @abstractmethod
    async def append(self, project_id: str, execution_id: str, lines: Sequence[LogLine]) -> None:
        """Append in order; numbers continue from the execution's last line."""


class LogRepository(LogSink):
    """Execution logs, read back page by page."""

    @abstractmethod
    async def read_page(
        self, execution_id: str, limit: int, after: int | None
    ) -> list[StoredLogLine]:
        """Lines numbered strictly above ``after``, in order, at most ``limit``."""

    @abstractmethod
    async def delete_for_project(self, project_id: str) -> None: ...
