"""Repository ports (persistence of each aggregate), with their pages and filters; adapters
live in infrastructure/database."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from flowloom.repository.domain.build import Build
from flowloom.repository.domain.catalog import Action, ActionState
from flowloom.repository.domain.source import Scan, Source
from flowloom.servicekit.kernel import Page as Page  # re-exported: the repositories answer it


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
