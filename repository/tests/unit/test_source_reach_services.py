"""Who set a source's URL decides where it may lead, when it is set and at every scan."""

from __future__ import annotations

import pytest

from flowloom.repository.application.access import Actor
from flowloom.repository.application.scans import ScanService
from flowloom.repository.application.sources import SourceService
from flowloom.repository.domain.errors import SourceRefused
from flowloom.repository.domain.source import ScanState

from .fakes import FakeCipher, FakeClock, FakeGate, FakeIds, FakeScanner, World

PRIVATE = "file:///srv/admins-only/r.git"
ADMIN, ADA = Actor("root-1", is_admin=True), Actor("ada-2")


@pytest.fixture
def gate() -> FakeGate:
    gate = FakeGate()
    gate.admin_only.add(PRIVATE)
    return gate


def services(
    world: World, gate: FakeGate, scanner: FakeScanner
) -> tuple[SourceService, ScanService]:
    sources = SourceService(world.uow, FakeCipher(), FakeClock(), FakeIds(), gate)
    return sources, ScanService(world.uow, scanner, FakeCipher(), FakeClock(), FakeIds(), gate)


async def test_refuses_url_with_field_when_caller_may_not_reach_it(gate: FakeGate) -> None:
    sources, _ = services(World(), gate, FakeScanner())

    with pytest.raises(SourceRefused) as refused:
        await sources.create("p1", ADA, name="s", url=PRIVATE)

    assert refused.value.field == "body.url"
    assert gate.asked == [(PRIVATE, False)]


async def test_scans_with_reach_of_admin_who_set_url_when_another_user_scans(
    gate: FakeGate,
) -> None:
    world, scanner = World(), FakeScanner()
    sources, scans = services(world, gate, scanner)
    source = await sources.create("p1", ADMIN, name="s", url=PRIVATE)
    await sources.update("p1", source.id, ADA, branch="dev")

    scan = await scans.start("p1", source.id, None)
    await scans.close()
    await scans.run(scan.id, "p1")

    assert (source.url_set_by, source.url_set_by_admin) == ("root-1", True)
    assert world.scans[scan.id].state == ScanState.DONE
    assert gate.asked[-1] == (PRIVATE, True)
    assert [read.fetch_url for read in scanner.read] == [PRIVATE]


async def test_records_new_author_when_another_user_sets_the_url_again(gate: FakeGate) -> None:
    world = World()
    sources, _ = services(world, gate, FakeScanner())
    source = await sources.create("p1", ADMIN, name="s", url=PRIVATE)

    with pytest.raises(SourceRefused):
        await sources.update("p1", source.id, ADA, url=PRIVATE)
    changed = await sources.update("p1", source.id, ADA, url="file:///srv/git/x")

    assert (changed.url, changed.url_set_by, changed.url_set_by_admin) == (
        "file:///srv/git/x",
        "ada-2",
        False,
    )


async def test_fails_scan_with_reason_when_url_is_refused_at_read(gate: FakeGate) -> None:
    world, scanner = World(), FakeScanner()
    sources, scans = services(world, gate, scanner)
    source = await sources.create("p1", ADA, name="s", url="file:///srv/git/r")
    gate.admin_only.add("file:///srv/git/r")  # e.g. the path became a symlink elsewhere

    scan = await scans.start("p1", source.id, None)
    await scans.close()
    await scans.run(scan.id, "p1")

    assert world.scans[scan.id].state == ScanState.FAILED
    assert world.scans[scan.id].error == (
        "refused to read the repository: file:///srv/git/r is for administrators"
    )
    assert scanner.read == []
