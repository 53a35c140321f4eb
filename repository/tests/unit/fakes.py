"""In-memory fakes of the ports for application tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from flowloom.repository.domain import ports, repositories
from flowloom.repository.domain.build import Build
from flowloom.repository.domain.catalog import Action
from flowloom.repository.domain.errors import SourceRefused
from flowloom.repository.domain.reach import Admission, locate
from flowloom.repository.domain.scan import ScanResult
from flowloom.repository.domain.source import Credentials, Scan, Source


def _page(items: list[Any], limit: int, cursor: str | None) -> repositories.Page[Any]:
    start = int(cursor or 0)
    more = len(items) > start + limit
    return repositories.Page(items[start : start + limit], str(start + limit) if more else None)


class _ById:
    """A repository's objects in the world's ``table``, by id; another project's are missing."""

    def __init__(self, world: World) -> None:
        self.world = world

    @property
    def table(self) -> dict[str, Any]:
        raise NotImplementedError

    async def add(self, item: Any) -> None:
        self.table[item.id] = item

    async def get(self, project_id: str, item_id: str) -> Any:
        found = self.table.get(item_id)
        return found if found is not None and found.project_id == project_id else None


class FakeSources(_ById, repositories.SourceRepository):
    @property
    def table(self) -> dict[str, Source]:
        return self.world.sources

    async def page(
        self, project_id: str, limit: int, cursor: str | None
    ) -> repositories.Page[Source]:
        mine = [s for s in self.world.sources.values() if s.project_id == project_id]
        return _page(sorted(mine, key=lambda s: s.name), limit, cursor)

    async def delete(self, source: Source) -> None:
        del self.world.sources[source.id]

    async def delete_project(self, project_id: str) -> None:
        for table in (self.world.sources, self.world.actions, self.world.builds):
            for key in [k for k, v in table.items() if v.project_id == project_id]:
                del table[key]


class FakeScans(_ById, repositories.ScanRepository):
    @property
    def table(self) -> dict[str, Scan]:
        return self.world.scans

    async def page(
        self, project_id: str, source_id: str, limit: int, cursor: str | None
    ) -> repositories.Page[Scan]:
        mine = [s for s in self.world.scans.values() if s.source_id == source_id]
        return _page(mine, limit, cursor)

    async def running(self) -> list[Scan]:
        return [s for s in self.world.scans.values() if s.state == "Running"]


class FakeActions(_ById, repositories.ActionRepository):
    @property
    def table(self) -> dict[str, Action]:
        return self.world.actions

    async def of_source(self, project_id: str, source_id: str) -> list[Action]:
        return [a for a in self.world.actions.values() if a.source_id == source_id]

    async def of_project(self, project_id: str) -> list[Action]:
        return [a for a in self.world.actions.values() if a.project_id == project_id]

    async def find(
        self, project_id: str, filters: repositories.ActionFilter, limit: int, cursor: str | None
    ) -> repositories.Page[Action]:
        return _page(await self.of_project(project_id), limit, cursor)

    async def delete(self, action: Action) -> None:
        del self.world.actions[action.id]


class FakeBuilds(_ById, repositories.BuildRepository):
    @property
    def table(self) -> dict[str, Build]:
        return self.world.builds

    async def of_action(
        self, project_id: str, action_id: str, limit: int, cursor: str | None
    ) -> repositories.Page[Build]:
        mine = [b for b in self.world.builds.values() if b.action_id == action_id]
        return _page(mine[::-1], limit, cursor)

    async def delete_of_action(self, action_id: str) -> None:
        for key in [k for k, b in self.world.builds.items() if b.action_id == action_id]:
            del self.world.builds[key]


class FakeUnitOfWork(ports.UnitOfWork):
    """Objects live in the world; emitted events are kept only when committed."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.sources, self.scans = FakeSources(world), FakeScans(world)
        self.actions, self.builds = FakeActions(world), FakeBuilds(world)
        self._pending: list[object] = []

    def emit(self, event: object) -> None:
        self._pending.append(event)

    async def commit(self) -> None:
        self.world.events.extend(self._pending)
        self._pending = []

    async def rollback(self) -> None:
        self._pending = []


class World:
    def __init__(self) -> None:
        self.sources: dict[str, Source] = {}
        self.scans: dict[str, Scan] = {}
        self.actions: dict[str, Action] = {}
        self.builds: dict[str, Build] = {}
        self.events: list[object] = []

    def uow(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)

    def of(self, kind: type) -> list[Any]:
        return [event for event in self.events if isinstance(event, kind)]


class FakeClock(ports.Clock):
    def __init__(self) -> None:
        self.current = datetime(2026, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        self.current += timedelta(seconds=1)
        return self.current


class FakeIds(ports.Ids):
    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def new_id(self) -> str:
        return f"id-{next(self._counter)}"


class FakeCipher(ports.CredentialCipher):
    def seal(self, credentials: Credentials) -> str:
        return "sealed"

    def unseal(self, sealed: str) -> Credentials:
        return Credentials("u", "p")


class FakeScanner(ports.RepositoryScanner):
    def __init__(self) -> None:
        self.result: ScanResult | Exception = ScanResult("sha", "main")
        self.read: list[Admission] = []

    async def scan(
        self, project_id: str, source: Admission, ref: str, credentials: Credentials | None
    ) -> ScanResult:
        self.read.append(source)
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


class FakeGate(ports.SourceGate):
    """Refuses the URLs of `admin_only` to non-administrators; records every question."""

    def __init__(self) -> None:
        self.admin_only: set[str] = set()
        self.asked: list[tuple[str, bool]] = []

    async def check(self, url: str, *, admin: bool) -> None:
        await self.admit(url, admin=admin)

    async def admit(self, url: str, *, admin: bool) -> Admission:
        self.asked.append((url, admin))
        if url in self.admin_only and not admin:
            raise SourceRefused(f"{url} is for administrators")
        return Admission(url, locate(url), url)


class FakeLogs(ports.LogStore):
    def __init__(self) -> None:
        self.logs: dict[str, bytes] = {}

    async def read_log(self, reference: str) -> bytes | None:
        return self.logs.get(reference)
