"""The CEL adapter: parse errors and the references a condition makes."""

from __future__ import annotations

import asyncio

import pytest

from flowloom.studio.domain.conditions import ConditionReference as R
from flowloom.studio.infrastructure.conditions.cel import CelConditionChecker, analysis

checker = CelConditionChecker()


@pytest.mark.parametrize(
    ("expression", "references"),
    [
        ("steps.writer.outputs.outfile != ''", [R("writer", "outfile")]),
        ('trigger.outputs["time"] > "x"', [R("trigger", "time")]),
        ('steps["send-email"].outputs.ok', [R("send-email", "ok")]),
        ("size(steps.a.outputs.x) > 0 || has(steps.b.outputs.y)", [R("a", "x"), R("b", "y")]),
        ("steps.a.outputs.s.startsWith(trigger.outputs.p)", [R("trigger", "p"), R("a", "s")]),
        ("steps.a.outputs", [R("a")]),
        ("steps.a.outputs.m[steps.b.outputs.k] == 1", [R("b", "k"), R("a", "m")]),
        ("true", []),
    ],
)
async def test_finds_references_in_the_syntax_tree(expression: str, references: list[R]) -> None:
    analysis = await checker.analyse(expression, {})
    assert analysis.error is None
    assert list(analysis.references) == references
    assert analysis.unknown_names == ()


async def test_reports_free_names_but_not_macro_variables_or_type_names() -> None:
    analysis = await checker.analyse(
        "foo > 1 && [1].all(x, x > 0) && type(steps.a.outputs.v) == int", {}
    )
    assert analysis.unknown_names == ("foo",)
    assert analysis.references == (R("a", "v"),)


@pytest.mark.parametrize("expression", ["1 +", "steps.a.outputs.x ==", "(", "a ? b"])
async def test_reports_syntax_errors_without_raising(expression: str) -> None:
    analysis = await checker.analyse(expression, {})
    assert analysis.error is not None
    assert analysis.error.startswith("syntax error")


HOSTILE = "true"
for _name in "abcdef":
    HOSTILE = f"[0,1,2,3,4,5,6,7,8,9].all({_name}, {HOSTILE} )"


@pytest.mark.parametrize(
    ("expression", "error"),
    [
        (HOSTILE, "it nests 6 comprehensions (all, exists, exists_one, filter, map) in one "
                  "another: the limit is 2"),
        ("true && " * 140_000 + "true", "it is 1120004 bytes long: the limit is 4096 bytes"),
        ("(" * 13 + "true" + ")" * 13, "it nests brackets 13 levels deep: the limit is 12 levels"),
    ],
)  # fmt: skip
async def test_reports_the_limit_without_parsing_when_a_condition_exceeds_it(
    expression: str, error: str
) -> None:
    assert (await checker.analyse(expression, {})).error == error


@pytest.mark.parametrize(
    "expression",
    [
        "(" * 12 + "+".join(["steps.a.outputs.n"] * 32) + ")" * 12 + " > 0",
        "size(" + "[" * 11 + "+".join(["1"] * 125 + ["trigger.outputs.n"]) + "]" * 11 + ") > 0",
        "[" * 12 + "trigger.outputs.x" + "]" * 12 + "[0]" * 12 + " + " + "+".join(["1"] * 113),
    ],
)
async def test_walks_the_tree_when_a_condition_is_at_the_limits(expression: str) -> None:
    analysis = await checker.analyse(expression, {})
    assert analysis.error is None
    assert analysis.references


async def test_reports_the_budget_when_parsing_takes_longer() -> None:
    slow = "[" + ",".join(["1"] * 2000) + "].size() > 0"
    checker = CelConditionChecker(budget=1e-6)
    analysis = await checker.analyse(slow, {})
    assert analysis.error == "parsing it took longer than 1e-06 s"
    checker.budget = 60.0  # room on a busy machine: the default 2 s was outlived under load
    assert (await checker.analyse(slow, {})).error is None  # the timeout was not remembered


async def test_parses_each_condition_on_its_own_when_many_are_parsed_at_once() -> None:
    expressions = [f"steps.s{i}.outputs.o{i} == {i}" for i in range(40)]
    analyses = await asyncio.gather(*(CelConditionChecker().analyse(e, {}) for e in expressions))
    assert [a.references for a in analyses] == [(R(f"s{i}", f"o{i}"),) for i in range(40)]


def test_records_a_name_read_on_a_node_itself_as_a_member() -> None:
    assert analysis("trigger.text == 'a'", {}).references == (R("trigger", member="text"),)
    found = analysis("steps.a.state == 'Success' && steps.b.words > 1", {})
    assert found.references == (R("a", member="state"), R("b", member="words"))


TYPED = {"trigger": {"n": "integer", "s": "string", "ok": "boolean"}, "a": {"f": "file"}}


@pytest.mark.parametrize(
    ("expression", "type_error"),
    [
        ('trigger.outputs.n > "3"', "type mismatch: '>' does not take int and string"),
        ("steps.a.outputs.f == 1", "type mismatch: '==' does not take string and int"),
        ('trigger.outputs.ok && trigger.outputs.n > "x"',
         "type mismatch: '>' does not take int and string"),  # found though `&&` hides it once
        ("trigger.outputs.s", "gives a string, not true or false (compare it: == != < > …)"),
        ("trigger.outputs.n > 3 && steps.a.outputs.f != ''", None),
        ("trigger.outputs.n / 0 > 1", None),  # a value's error, not a type's: the run decides
        ("steps.a.state == 'Success'", None),
    ],
)  # fmt: skip
async def test_type_checks_on_outputs_of_their_declared_types(
    expression: str, type_error: str | None
) -> None:
    assert (await checker.analyse(expression, TYPED)).type_error == type_error


def test_the_condition_environment_knows_every_studio_type() -> None:
    from flowloom.servicekit.conditions import SAMPLES
    from flowloom.studio.domain.io import IoType

    assert set(SAMPLES) == {str(kind) for kind in IoType}
