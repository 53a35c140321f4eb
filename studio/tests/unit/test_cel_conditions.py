"""The CEL adapter: parse errors and the references a condition makes."""

from __future__ import annotations

import pytest

from flowloom.studio.domain.conditions import ConditionReference as R
from flowloom.studio.infrastructure.conditions.cel import CelConditionChecker

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
def test_finds_references_in_the_syntax_tree(expression: str, references: list[R]) -> None:
    analysis = checker.analyse(expression)
    assert analysis.error is None
    assert list(analysis.references) == references
    assert analysis.unknown_names == ()


def test_reports_free_names_but_not_macro_variables_or_type_names() -> None:
    analysis = checker.analyse("foo > 1 && [1].all(x, x > 0) && type(steps.a.outputs.v) == int")
    assert analysis.unknown_names == ("foo",)
    assert analysis.references == (R("a", "v"),)


@pytest.mark.parametrize("expression", ["1 +", "steps.a.outputs.x ==", "(", "a ? b"])
def test_reports_syntax_errors_without_raising(expression: str) -> None:
    analysis = checker.analyse(expression)
    assert analysis.error is not None
    assert analysis.error.startswith("syntax error")
