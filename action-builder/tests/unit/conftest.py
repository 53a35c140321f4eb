"""A build service wired to fakes."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from flowloom.action_builder.application.builds import BuildService
from flowloom.action_builder.domain.build import BuildOrder
from flowloom.action_builder.infrastructure.locks import KeyLocks

from .fakes import (
    FakeArtefacts,
    FakeClock,
    FakeEnvironments,
    FakeOutbox,
    FakeSources,
    FakeWorkspaces,
)


@dataclass
class World:
    sources: FakeSources
    environments: FakeEnvironments
    artefacts: FakeArtefacts
    workspaces: FakeWorkspaces
    outbox: FakeOutbox
    locks: KeyLocks
    service: BuildService

    def kinds(self) -> list[str]:
        return [type(event).__name__ for event in self.outbox.events]


def order(build_id: str = "b1", **changes: object) -> BuildOrder:
    values: dict[str, object] = {
        "build_id": build_id,
        "project_id": "p1",
        "action_id": "a1",
        "technical_name": "hello",
        "version": "1.0",
        "kind": "Processor",
        "type": "python3",
        "source_archive": "s3://sources/hello.tar.gz",
    }
    values.update(changes)
    return BuildOrder(**values)  # type: ignore[arg-type]


@pytest.fixture
def world() -> World:
    sources = FakeSources()
    sources.requirements["s3://sources/hello.tar.gz"] = "six==1.16.0\n"
    parts = (FakeEnvironments(), FakeArtefacts(), FakeWorkspaces())
    outbox, locks = FakeOutbox(), KeyLocks()
    service = BuildService(sources, *parts, outbox.uow, locks, FakeClock(), default_time_limit=900)
    return World(sources, *parts, outbox, locks, service)
