"""Ports: persistence (unit of work + repositories) and the outside systems the use cases need."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Generic, Self, TypeVar

from flowloom.repository.domain.build import Build
from flowloom.repository.domain.catalog import Action, ActionState
from flowloom.repository.domain.scan import ScanResult
from flowloom.repository.domain.source import Credentials, Scan, Source

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


@dataclass(frozen=True)
class ActionFilter:
    source_id: str | None = None
    state: ActionState | None = None
    kind: str | None = None
    text: str | None = None


class SourceRepository(ABC):
    @abstractmethod
    async def add(self, source: Source) -> None: ...
    @abstractmethod
    async def get(self, project_id: str, source_id: str) -> Source | None: ...
    @abstractmethod
    async def page(self, project_id: str, limit: int, cursor: str | None) -> Page[Source]: ...
    @abstractmethod
    async def delete(self, source: Source) -> None: ...
    @abstractmethod
    async def delete_project(self, project_id: str) -> None: ...


class ScanRepository(ABC):
    @abstractmethod
    async def add(self, scan: Scan) -> None: ...
    @abstractmethod
    async def get(self, project_id: str, scan_id: str) -> Scan | None: ...
    @abstractmethod
    async def page(
        self, project_id: str, source_id: str, limit: int, cursor: str | None
    ) -> Page[Scan]: ...
    @abstractmethod
    async def running(self) -> list[Scan]: ...


class ActionRepository(ABC):
    @abstractmethod
    async def add(self, action: Action) -> None: ...
    @abstractmethod
    async def get(self, project_id: str, action_id: str) -> Action | None: ...
    @abstractmethod
    async def of_source(self, project_id: str, source_id: str) -> list[Action]: ...
    @abstractmethod
    async def of_project(self, project_id: str) -> list[Action]: ...
    @abstractmethod
    async def find(
        self, project_id: str, filters: ActionFilter, limit: int, cursor: str | None
    ) -> Page[Action]: ...
    @abstractmethod
    async def delete(self, action: Action) -> None: ...


class BuildRepository(ABC):
    @abstractmethod
    async def add(self, build: Build) -> None: ...
    @abstractmethod
    async def get(self, project_id: str, build_id: str) -> Build | None: ...
    @abstractmethod
    async def of_action(
        self, project_id: str, action_id: str, limit: int, cursor: str | None
    ) -> Page[Build]: ...
    @abstractmethod
    async def delete_of_action(self, action_id: str) -> None: ...


class UnitOfWork(ABC):
    """One transaction; events emitted inside commit with the state (outbox)."""

    sources: SourceRepository
    scans: ScanRepository
    actions: ActionRepository
    builds: BuildRepository

    @abstractmethod
    async def __aenter__(self) -> Self: ...
    @abstractmethod
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    @abstractmethod
    def emit(self, event: object) -> None: ...
    @abstractmethod
    async def commit(self) -> None: ...


class Clock(ABC):
    @abstractmethod
    def now(self) -> datetime: ...


class IdGenerator(ABC):
    @abstractmethod
    def new_id(self) -> str: ...


class CredentialCipher(ABC):
    """Seals credentials at rest; only the git fetch ever sees them unsealed."""

    @abstractmethod
    def seal(self, credentials: Credentials) -> str: ...
    @abstractmethod
    def unseal(self, sealed: str) -> Credentials: ...


class RepositoryScanner(ABC):
    """Fetches a repository at a ref, validates every action and stores their source archives.

    Raises ScanFailed when the repository as a whole cannot be scanned (message scrubbed).
    """

    @abstractmethod
    async def scan(
        self, project_id: str, url: str, ref: str, credentials: Credentials | None
    ) -> ScanResult: ...


class LogStore(ABC):
    """Reads build logs that builders wrote to the object store."""

    @abstractmethod
    async def read_log(self, reference: str) -> bytes | None:
        """The log text at `s3://bucket/key`, or None when there is no such object."""
