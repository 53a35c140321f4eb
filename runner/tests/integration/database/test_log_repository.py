"""Execution logs in SQL: numbered per execution, paged by number, outside units of work."""

from __future__ import annotations

import asyncio

import pytest

from flowloom.runner.domain.invocation import LogLine, StoredLogLine

from .support import OTHER, PROJECT, Database, at, run

pytestmark = pytest.mark.integration


def lines(*texts: str) -> list[LogLine]:
    return [LogLine("stdout", text, at(n)) for n, text in enumerate(texts)]


async def test_continues_numbering_when_lines_are_appended_again(database: Database):
    logs = database.logs()
    await logs.append(PROJECT, "e-1", 1, lines("one", "two"))
    await logs.append(PROJECT, "e-2", 1, lines("elsewhere"))
    await logs.append(PROJECT, "e-1", 1, [LogLine("stderr", "three", at(9))])
    await logs.append(PROJECT, "e-1", 1, [])

    page = await logs.read_page("e-1", 10, None)

    assert page == [
        StoredLogLine(1, "stdout", "one", at(0)),
        StoredLogLine(2, "stdout", "two", at(1)),
        StoredLogLine(3, "stderr", "three", at(9)),
    ]
    assert [line.number for line in await logs.read_page("e-2", 10, None)] == [1]


async def test_pages_lines_strictly_after_cursor_when_read(database: Database):
    logs = database.logs()
    await logs.append(PROJECT, "e-1", 1, lines(*(f"line {n}" for n in range(1, 6))))

    first = await logs.read_page("e-1", 2, None)
    second = await logs.read_page("e-1", 2, first[-1].number)
    beyond = await logs.read_page("e-1", 2, 5)

    assert [line.line for line in first] == ["line 1", "line 2"]
    assert [line.number for line in second] == [3, 4]
    assert beyond == []


async def test_keeps_each_line_attempt_when_a_step_is_retried(database: Database):
    logs = database.logs()
    await logs.append(PROJECT, "e-1", 1, lines("first try", "failed"))
    await logs.append(PROJECT, "e-1", 2, lines("second try"))

    every = await logs.read_page("e-1", 10, None)
    second = await logs.read_page("e-1", 10, None, attempt=2)
    first_after = await logs.read_page("e-1", 10, 1, attempt=1)

    assert [(line.number, line.attempt) for line in every] == [(1, 1), (2, 1), (3, 2)]
    assert [(line.number, line.line) for line in second] == [(3, "second try")]
    assert [line.line for line in first_after] == ["failed"]


async def test_numbers_every_line_once_when_appends_race(database: Database):
    logs = database.logs()

    await asyncio.gather(
        *(logs.append(PROJECT, "e-1", 1, lines(f"a{n}", f"b{n}")) for n in range(5))
    )

    page = await logs.read_page("e-1", 100, None)
    assert [line.number for line in page] == list(range(1, 11))
    for n in range(5):
        texts = [line.line for line in page]
        assert texts.index(f"b{n}") == texts.index(f"a{n}") + 1


async def test_keeps_lines_when_a_unit_of_work_open_meanwhile_rolls_back(database: Database):
    await database.seed(runs=(run("r-1"),))

    async with database.uow() as uow:
        assert await uow.runs.get("r-1") is not None
        await database.logs().append(PROJECT, "r-1-e0", 1, lines("kept"))

    assert len(await database.logs().read_page("r-1-e0", 10, None)) == 1


async def test_stores_nul_characters_as_replacement_when_user_code_prints_them(
    database: Database,
):
    logs = database.logs()

    await logs.append(PROJECT, "e-1", 1, lines("a\x00b"))

    assert [line.line for line in await logs.read_page("e-1", 1, None)] == ["a\ufffdb"]


async def test_deletes_only_the_projects_lines_when_asked(database: Database):
    logs = database.logs()
    await logs.append(PROJECT, "e-1", 1, lines("mine"))
    await logs.append(OTHER, "e-2", 1, lines("theirs"))

    await logs.delete_for_project(PROJECT)

    assert await logs.read_page("e-1", 10, None) == []
    assert len(await logs.read_page("e-2", 10, None)) == 1
