"""Ports: the unit of work (repositories in `repositories.py`) and the outside systems the use
cases need; adapters live in infrastructure."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import datetime

from flowloom.repository.domain.reach import Admission
from flowloom.repository.domain.repositories import (
    ActionRepository,
    BuildRepository,
    ScanRepository,
    SourceRepository,
)
from flowloom.repository.domain.scan import ScanResult
from flowloom.repository.domain.source import Credentials
from flowloom.servicekit import kernel


class UnitOfWork(kernel.UnitOfWork[object]):
    """The kernel's unit of work over the repository's repositories."""

    sources: SourceRepository
    scans: ScanRepository
    actions: ActionRepository
    builds: BuildRepository


class Clock(ABC):
    @abstractmethod
    def now(self) -> datetime: ...


class Ids(ABC):
    @abstractmethod
    def new_id(self) -> str: ...


class CredentialCipher(ABC):
    """Seals credentials at rest; only the git fetch ever sees them unsealed."""

    @abstractmethod
    def seal(self, credentials: Credentials) -> str: ...
    @abstractmethod
    def unseal(self, sealed: str) -> Credentials: ...


class SourceGate(ABC):
    """Decides where a source URL may lead, for a platform administrator or another user.

    Both methods raise SourceRefused (a 422 on `url`) when the URL leads into the platform's own
    data, or (for a non-administrator) to a directory outside LOCAL_ROOTS or to a non-public
    address no allow-list entry admits.
    """

    @abstractmethod
    async def check(self, url: str, *, admin: bool) -> None:
        """When a URL is set. A host name that does not resolve now is accepted."""

    @abstractmethod
    async def admit(self, url: str, *, admin: bool) -> Admission:
        """Right before each read: what git must read and the addresses it may connect to.
        A host name that does not resolve raises ScanFailed."""


class RepositoryScanner(ABC):
    """Fetches a repository at a ref, validates every action and stores their source archives.

    Raises ScanFailed when the repository as a whole cannot be scanned (message scrubbed).
    """

    @abstractmethod
    async def scan(
        self, project_id: str, source: Admission, ref: str, credentials: Credentials | None
    ) -> ScanResult: ...


class LogStore(ABC):
    """Reads build logs that builders wrote to the object store."""

    @abstractmethod
    async def read_log(self, reference: str) -> bytes | None:
        """The log text at `s3://bucket/key`, or None when there is no such object."""
