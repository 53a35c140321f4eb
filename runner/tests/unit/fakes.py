"""Fakes for the technical ports: unit of work, clock, ids, conditions, secrets, files, logs."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import BinaryIO, Self

from sqlalchemy.exc import OperationalError

from flowloom.runner.domain.errors import ConditionFailed
from flowloom.runner.domain.events import DomainEvent
from flowloom.runner.domain.invocation import HeldOutcome, LogLine, StoredLogLine
from flowloom.runner.domain.ports import (
    Clock,
    ConditionEvaluator,
    FileStore,
    Ids,
    OutcomeJournal,
    SecretResolver,
    UnitOfWork,
)
from flowloom.runner.domain.repositories import LogRepository

from .fake_repositories import (
    FakeDatabase,
    FakeDeploymentRepository,
    FakeProjectSecretRepository,
    FakeRunRepository,
    FakeWorkflowVersionRepository,
    Session,
)


def outage() -> OperationalError:
    """What SQLAlchemy raises when PostgreSQL refuses the connection (it is down)."""
    refused = ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 5432)")
    return OperationalError("BEGIN", None, refused)


class FakeUnitOfWork(UnitOfWork):
    """Works on copies: only ``commit`` makes the touched rows and the events visible."""

    def __init__(self, db: FakeDatabase) -> None:
        self.db = db
        self.pending: list[DomainEvent] = []
        self._open()

    async def __aenter__(self) -> Self:
        if self.db.down:
            raise outage()
        return self

    def _open(self) -> None:
        self.session = Session(self.db)
        self.deployments = FakeDeploymentRepository(self.session)
        self.versions = FakeWorkflowVersionRepository(self.session)
        self.runs = FakeRunRepository(self.session)
        self.secrets = FakeProjectSecretRepository(self.session)

    async def commit(self) -> None:
        if self.db.fail_next_commit:
            self.db.fail_next_commit -= 1
            raise RuntimeError("simulated database failure at commit")
        if self.db.down:
            raise outage()
        self.session.flush()
        self.db.published.extend(self.pending)
        self.db.commits += 1
        self.pending = []
        if self.db.commits in self.db.lost_answers:
            raise outage()

    async def rollback(self) -> None:
        self.pending = []
        self._open()

    def emit(self, event: DomainEvent) -> None:
        self.pending.append(event)


class FakeClock(Clock):
    """Virtual time: ``sleep`` yields once, then moves the clock forward."""

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        target = self.current + timedelta(seconds=seconds)
        await asyncio.sleep(0)
        self.current = max(self.current, target)


class FakeIds(Ids):
    def __init__(self) -> None:
        self.count = 0

    def new_id(self) -> str:
        self.count += 1
        return f"id-{self.count:04d}"

    def new_secret(self) -> str:
        self.count += 1
        return f"secret-{self.count}".ljust(43, "x")


_COMPARISON = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(==|!=)\s*(.+?)\s*$")


class FakeConditions(ConditionEvaluator):
    """A tiny subset of CEL: ``true``, ``false`` and ``path == literal`` / ``path != literal``."""

    async def validate(self, expression: str) -> str | None:
        return self.problem(expression)

    async def evaluate(self, expression: str, context: Mapping[str, object]) -> bool:
        return self.value(expression, context)

    def problem(self, expression: str) -> str | None:
        if expression.strip() in ("true", "false"):
            return None
        match = _COMPARISON.match(expression)
        if match is None or _literal(match.group(3)) is _INVALID:
            return "Syntax error: mismatched input"
        return None

    def value(self, expression: str, context: Mapping[str, object]) -> bool:
        if expression.strip() in ("true", "false"):
            return expression.strip() == "true"
        match = _COMPARISON.match(expression)
        assert match is not None
        path, operator, literal = match.groups()
        value: object = context
        for part in path.split("."):
            if not isinstance(value, Mapping) or part not in value:
                raise ConditionFailed(f"no such key: '{part}'")
            value = value[part]
        equal = value == _literal(literal)
        return equal if operator == "==" else not equal


_INVALID = object()


def _literal(text: str) -> object:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if text in ("true", "false"):
        return text == "true"
    return int(text) if text.lstrip("-").isdigit() else _INVALID


class FakeSecrets(SecretResolver):
    def __init__(self, values: Mapping[tuple[str, str], str] | None = None) -> None:
        self.values = dict(values or {})

    async def resolve(self, project_id: str, name: str) -> str | None:
        return self.values.get((project_id, name))


class FakeFileStore(FileStore):
    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}
        self.deleted_prefixes: list[str] = []

    async def put_bytes(self, key: str, content: bytes) -> int:
        self.objects[key] = content
        return len(content)

    async def put_file(self, key: str, file: BinaryIO) -> int:
        file.seek(0)
        return await self.put_bytes(key, file.read())

    async def presigned_get(self, key: str, filename: str | None = None) -> str:
        return f"https://store.test/get/{key}?name={filename}"

    async def download_url(self, key: str, filename: str | None = None) -> str:
        return f"https://store.test/download/{key}?name={filename}"

    async def presigned_put(self, key: str) -> str:
        return f"https://store.test/put/{key}"

    async def delete_prefix(self, prefix: str) -> None:
        self.deleted_prefixes.append(prefix)
        self.objects = {k: v for k, v in self.objects.items() if not k.startswith(prefix)}


class FakeLogStore(LogRepository):
    def __init__(self) -> None:
        self.lines: dict[str, list[StoredLogLine]] = {}
        self.projects: dict[str, str] = {}

    async def append(
        self, project_id: str, execution_id: str, attempt: int, lines: Sequence[LogLine]
    ) -> None:
        self.projects[execution_id] = project_id
        stored = self.lines.setdefault(execution_id, [])
        for line in lines:
            number = len(stored) + 1
            stored.append(StoredLogLine(number, line.stream, line.line, line.timestamp, attempt))

    async def read_page(
        self, execution_id: str, limit: int, after: int | None, attempt: int | None = None
    ) -> list[StoredLogLine]:
        lines = self.lines.get(execution_id, [])
        return [
            line
            for line in lines
            if (after is None or line.number > after)
            and (attempt is None or line.attempt == attempt)
        ][:limit]

    async def delete_for_project(self, project_id: str) -> None:
        doomed = [e for e, p in self.projects.items() if p == project_id]
        for execution_id in doomed:
            self.lines.pop(execution_id, None)
            del self.projects[execution_id]


class FakeJournal(OutcomeJournal):
    """Kept outcomes in a list that outlives the engine, as the journal's file does."""

    def __init__(self) -> None:
        self.kept: list[HeldOutcome] = []
        self.ever: list[HeldOutcome] = []

    async def hold(self, held: HeldOutcome) -> None:
        self.kept.append(held)
        self.ever.append(held)

    async def release(self, held: HeldOutcome) -> None:
        self.kept.remove(held)

    async def held(self) -> list[HeldOutcome]:
        return list(self.kept)
